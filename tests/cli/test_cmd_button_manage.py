"""`flask button list|show|update|enable|disable|delete` on an existing button."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.store import get_button
from callgate.db import get_db
from callgate.vault.stored import reveal, vault_of
from tests.data import BUTTON, SIP_PASSWORD

SIP_KEYS = {"login", "authName", "passwordSet", "domain", "outboundProxy", "port", "register"}


def invoke_json(runner, *args: str, input: str | None = None):
    result = runner.invoke(args=["button", *args, "--json"], input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def assert_described(data: dict, button_id: str) -> None:
    """The owner's view of a button: every field but the password itself."""
    assert data["id"] == button_id
    assert set(data["sip"]) == SIP_KEYS
    assert data["sip"]["passwordSet"] is True
    assert SIP_PASSWORD not in json.dumps(data)


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["show", "{id}"], ["show", "{id}", "--json"]],
    ids=["list", "list-json", "show", "show-json"],
)
def test_list_and_show_never_print_the_password(runner, button, args):
    result = runner.invoke(args=["button", *[a.format(id=button.id) for a in args]])
    assert result.exit_code == 0, result.output
    assert button.id in result.output
    assert BUTTON["callee"] in result.output
    assert SIP_PASSWORD not in result.output


def test_list_json_shape(runner, button):
    [data] = invoke_json(runner, "list")
    assert_described(data, button.id)
    assert data["name"] == BUTTON["name"]
    assert data["origins"] == BUTTON["origins"]
    assert data["enabled"] is True


def test_show_json_has_snippet(runner, button):
    data = invoke_json(runner, "show", button.id)
    assert_described(data, button.id)
    assert data["gatewayUrl"] == BUTTON["gateway_url"]
    assert data["sip"]["login"] == BUTTON["sip_login"]
    assert f'data-button="{button.id}"' in data["snippet"]


def test_update_replaces_callee_and_origin_list(runner, button):
    args = ("update", button.id, "--callee", "7002", "--origin", "https://new.example.com")
    data = invoke_json(runner, *args)
    assert_described(data, button.id)
    assert data["callee"] == "7002"
    assert data["origins"] == ["https://new.example.com"]
    assert data["name"] == BUTTON["name"]
    shown = invoke_json(runner, "show", button.id)
    assert (shown["callee"], shown["origins"]) == ("7002", ["https://new.example.com"])


def test_update_password_from_stdin(app, runner, button):
    result = runner.invoke(
        args=["button", "update", button.id, "--sip-password-stdin"], input="N3w-SIP-pass\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Updated button {button.id}.\n"
    with app.app_context():
        assert reveal(vault_of(get_db()), get_button(get_db(), button.id)) == "N3w-SIP-pass"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--sip-login", "attacker-login"),
        ("--sip-auth-name", "attacker-auth"),
        ("--sip-domain", "pbx.attacker.example"),
        ("--sip-domain", ""),
        ("--sip-outbound-proxy", "proxy.attacker.example"),
        ("--sip-port", "5099"),
    ],
)
def test_moving_the_sip_account_needs_the_password_again(app, runner, button, option, value):
    before = invoke_json(runner, "show", button.id)
    result = runner.invoke(args=["button", "update", button.id, option, value, "--name", "New"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {option} changes where the SIP password is sent: give the password again in "
        "the same command with --sip-password-stdin\n"
    )
    assert invoke_json(runner, "show", button.id) == before
    again = ["button", "update", button.id, option, value, "--sip-password-stdin"]
    result = runner.invoke(args=again, input="pw-for-the-new-host\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert reveal(vault_of(get_db()), get_button(get_db(), button.id)) == "pw-for-the-new-host"


def test_disable_then_enable(runner, button):
    result = runner.invoke(args=["button", "disable", button.id])
    assert (result.exit_code, result.output) == (0, f"Button {button.id} is disabled.\n")
    assert invoke_json(runner, "list")[0]["enabled"] is False
    data = invoke_json(runner, "enable", button.id)
    assert_described(data, button.id)
    assert data["enabled"] is True
    assert invoke_json(runner, "disable", button.id)["enabled"] is False


def test_delete_with_yes(runner, button):
    result = runner.invoke(args=["button", "delete", button.id, "--yes"])
    assert (result.exit_code, result.output) == (0, f"Deleted button {button.id}.\n")
    assert invoke_json(runner, "list") == []


def test_delete_json_shape(runner, button):
    assert invoke_json(runner, "delete", button.id, "--yes") == {"id": button.id, "deleted": True}
    assert invoke_json(runner, "list") == []


def test_delete_asks_and_keeps_the_button_on_no(runner, button):
    result = runner.invoke(args=["button", "delete", button.id], input="n\n")
    assert result.exit_code == 1
    assert "Aborted" in result.output
    assert [b["id"] for b in invoke_json(runner, "list")] == [button.id]


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["update", "--callee", "7002"],
        ["disable"],
        ["enable"],
        ["delete", "--yes"],
        ["delete", "--json"],
    ],
    ids=["show", "update", "disable", "enable", "delete", "delete-json"],
)
def test_unknown_id_fails_naming_it(runner, button, args):
    command, *rest = args
    result = runner.invoke(args=["button", command, "no-such-button", *rest])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "no-such-button" in result.output
    assert len(result.output.splitlines()) == 1
    assert [b["id"] for b in invoke_json(runner, "list")] == [button.id]
