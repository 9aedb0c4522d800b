"""`flask button create`: options, password input, embed snippet, and refused input."""

from __future__ import annotations

import json
import re

import pytest

from callgate.buttons.store import get_button, new_button_id
from callgate.db import get_db
from callgate.vault.stored import reveal, vault_of

BASE = {
    "--name": "Sales",
    "--callee": "7001",
    "--gateway-url": "wss://gw.example.com:8443",
    "--sip-login": "webcall-1001",
    "--origin": "https://shop.example.com",
}
ALL_OPTIONS = [
    *("--app-key", "myapp", "--sip-auth-name", "auth-1001", "--sip-domain", "pbx.example.com"),
    *("--sip-outbound-proxy", "proxy.example.com", "--sip-port", "5080", "--sip-register"),
    *("--origin", "https://*.example.org"),
]
URL_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{22,}")


def create_args(changes: dict[str, str | None] | None = None) -> list[str]:
    """Return `button create` argv from BASE with `changes` (None drops an option)."""
    options = BASE | (changes or {})
    return ["button", "create", *[x for k, v in options.items() if v is not None for x in (k, v)]]


def snippet(button_id: str) -> str:
    src = "https://calls.example.net/widget.js"
    return f'<script async src="{src}" data-button="{button_id}"></script>'


def stored_ids(runner) -> list[str]:
    result = runner.invoke(args=["button", "list", "--json"])
    assert result.exit_code == 0, result.output
    return [b["id"] for b in json.loads(result.output)]


def test_create_with_all_options_prints_id_and_snippet(app, runner):
    args = [*create_args(), *ALL_OPTIONS, "--sip-password-stdin"]
    result = runner.invoke(args=args, input="pw\n")
    assert result.exit_code == 0, result.output
    button_id = re.search(r"Created button (\S+) \(Sales\)", result.output).group(1)
    assert URL_SAFE_ID.fullmatch(button_id)
    assert snippet(button_id) in [line.strip() for line in result.output.splitlines()]
    assert stored_ids(runner) == [button_id]
    with app.app_context():
        stored = get_button(get_db(), button_id)
    assert stored.origins == ["https://shop.example.com", "https://*.example.org"]
    assert (stored.app_key, stored.sip_auth_name, stored.sip_domain) == (
        "myapp",
        "auth-1001",
        "pbx.example.com",
    )
    assert (stored.sip_outbound_proxy, stored.sip_port, stored.sip_register) == (
        "proxy.example.com",
        5080,
        True,
    )
    assert stored.sip_password != "pw"
    with app.app_context():
        assert reveal(vault_of(get_db()), stored) == "pw"


def test_create_json_prints_one_object_and_ids_differ(runner):
    ids = []
    for _ in range(2):
        args = [*create_args(), "--sip-password-stdin", "--json"]
        result = runner.invoke(args=args, input="pw\n")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert isinstance(data, dict)
        assert URL_SAFE_ID.fullmatch(data["id"])
        assert data["snippet"] == snippet(data["id"])
        assert data["sip"]["passwordSet"] is True
        ids.append(data["id"])
    assert ids[0] != ids[1]
    assert sorted(stored_ids(runner)) == sorted(ids)


def test_create_prompts_for_password_without_echo(app, runner):
    password = "Prompted-Secret-9"
    result = runner.invoke(args=create_args(), input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output
    assert "SIP password" in result.output
    assert password not in result.output
    [button_id] = stored_ids(runner)
    with app.app_context():
        assert reveal(vault_of(get_db()), get_button(get_db(), button_id)) == password


BAD = [
    pytest.param({"--origin": "https://shop.example.com/path"}, "path", id="origin-path"),
    pytest.param({"--origin": "https://*.com"}, "wildcard", id="origin-wildcard-tld"),
    pytest.param({"--origin": "https://a.*.example.com"}, "wildcard", id="origin-wildcard-mid"),
    pytest.param({"--origin": "null"}, "null", id="origin-null"),
    pytest.param({"--origin": "ftp://x"}, "http", id="origin-ftp"),
    pytest.param({"--origin": None}, "--origin", id="origin-missing"),
    pytest.param({"--gateway-url": "https://gw"}, "gateway url", id="gateway-https"),
    pytest.param({"--gateway-url": "gw.example.com"}, "gateway url", id="gateway-no-scheme"),
    pytest.param({"--callee": ""}, "callee", id="callee-empty"),
    pytest.param({"--callee": "70 01"}, "callee", id="callee-space"),
    pytest.param({"--callee": "7001\r\nX: y"}, "callee", id="callee-crlf"),
    pytest.param({"--sip-port": "0"}, "sip port", id="port-0"),
    pytest.param({"--sip-port": "70000"}, "sip port", id="port-70000"),
    pytest.param({"--sip-port": "abc"}, "--sip-port", id="port-abc"),
    pytest.param({"--sip-password": "pw"}, "--sip-password", id="password-in-argv"),
]


@pytest.mark.parametrize(("changes", "fragment"), BAD)
def test_create_refuses_bad_input_and_writes_nothing(runner, changes, fragment):
    result = runner.invoke(args=[*create_args(changes), "--sip-password-stdin"], input="pw\n")
    assert_refused(result, fragment)
    assert stored_ids(runner) == []


@pytest.mark.parametrize("piped", ["\n", ""])
def test_create_refuses_empty_password_from_stdin_naming_option_and_prompt(runner, piped):
    result = runner.invoke(args=[*create_args(), "--sip-password-stdin"], input=piped)
    assert_refused(result, "a SIP password is required: pipe it with --sip-password-stdin")
    assert "or type it at the prompt" in result.output
    assert "sip_password" not in result.output
    assert stored_ids(runner) == []


def test_update_refuses_an_empty_password_the_same_way(runner, button):
    result = runner.invoke(args=["button", "update", button.id, "--sip-password-stdin"], input="\n")
    assert_refused(result, "a SIP password is required")


def assert_refused(result, fragment: str) -> None:
    """A one-line `Error:` (exit 1) or a click usage error (exit 2), no traceback."""
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert fragment.lower() in result.output.lower()
    if result.exit_code == 1:
        assert result.output.splitlines() == [result.output.strip()]
        assert result.output.startswith("Error: ")
    else:
        assert result.output.startswith("Usage: ")
        assert "Error: " in result.output


def test_ids_never_start_with_a_dash(monkeypatch):
    drawn = iter(["-looks-like-an-option", "--also", "fine-id"])
    monkeypatch.setattr("callgate.db.ids.secrets.token_urlsafe", lambda n: next(drawn))
    assert new_button_id() == "fine-id"


def test_visitor_switches_are_set_shown_and_cleared(runner, button):
    result = runner.invoke(
        args=[
            *("button", "update", button.id, "--no-precheck", "--callback", "--rating"),
            *("--consent-text", "Calls are recorded for training.", "--json"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["visitor"] == {
        "precheck": False,
        "callback": True,
        "consentText": "Calls are recorded for training.",
        "rating": True,
    }
    shown = runner.invoke(args=["button", "show", button.id]).output
    assert "visitor.consentText: Calls are recorded for training." in shown
    cleared = runner.invoke(args=["button", "update", button.id, "--consent-text", "", "--json"])
    assert json.loads(cleared.output)["visitor"]["consentText"] is None


def test_relay_only_is_set_shown_and_cleared(runner, button):
    assert (
        json.loads(runner.invoke(args=["button", "show", button.id, "--json"]).output)["relayOnly"]
        is False
    )
    result = runner.invoke(args=["button", "update", button.id, "--relay-only", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["relayOnly"] is True
    assert "relayOnly: True" in runner.invoke(args=["button", "show", button.id]).output
    cleared = runner.invoke(args=["button", "update", button.id, "--no-relay-only", "--json"])
    assert json.loads(cleared.output)["relayOnly"] is False


@pytest.mark.parametrize(
    ("text", "error"),
    [("x" * 1001, "1 to 1000"), ("   ", "1 to 1000"), ("bell\x07", "control characters")],
)
def test_bad_consent_texts_are_refused(runner, button, text, error):
    result = runner.invoke(args=["button", "update", button.id, "--consent-text", text])
    assert result.exit_code == 1
    assert error in result.output


def test_every_bad_origin_is_named_in_one_error_line(runner):
    origins = ["--origin", "ftp://a.example.com", "--origin", "https://b.example.com/x"]
    args = [*create_args({"--origin": "c d"}), *origins, "--sip-password-stdin"]
    result = runner.invoke(args=args, input="pw\n")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: ")
    assert all(
        value in line for value in ("'c d'", "'ftp://a.example.com'", "'https://b.example.com/x'")
    )
