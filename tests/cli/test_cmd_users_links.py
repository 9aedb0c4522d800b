"""`flask users invite | links | revoke-link | set-role`, and the CLI's account changes audited."""

from __future__ import annotations

import json

import pytest

from callgate.accounts import users
from callgate.db import get_db
from callgate.db.models import AuditEvent

PASSWORD = "a long enough password"


@pytest.fixture
def app(make_app):
    return make_app(CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1)


def invoke(runner, *args: str, stdin: str | None = None):
    return runner.invoke(args=list(args), input=stdin)


def make_user(app, email: str = "ann@example.com", role: str = "editor") -> None:
    with app.app_context():
        users.create(get_db(), email, role, PASSWORD)


def test_invite_prints_a_link_and_a_second_invite_says_it_replaced_the_first(runner):
    first = invoke(runner, "users", "invite", "New@Example.com", "--role", "viewer")
    assert first.exit_code == 0, first.output
    assert first.output.startswith(
        "Invitation link for new@example.com:\n  https://calls.example.net/console/link/"
    )
    second = invoke(runner, "users", "invite", "new@example.com", "--role", "editor", "--json")
    data = json.loads(second.output)
    assert (data["email"], data["superseded"]) == ("new@example.com", 1)
    assert data["link"] not in first.output


def test_links_lists_pending_links_and_revoke_link_voids_one(app, runner):
    make_user(app)
    invoke(runner, "users", "invite", "new@example.com", "--role", "viewer")
    link = json.loads(invoke(runner, "users", "reset-password", "ann@example.com", "--json").output)
    listed = json.loads(invoke(runner, "users", "links", "--json").output)
    assert [(d["kind"], d["email"], d["createdBy"]) for d in listed] == [
        ("reset", "ann@example.com", "cli"),
        ("invite", "new@example.com", "cli"),
    ]
    text = invoke(runner, "users", "links").output
    assert text.splitlines()[0].split() == [
        "ID",
        "KIND",
        "EMAIL",
        "ROLE",
        "MADE",
        "BY",
        "EXPIRES",
        "(UTC)",
    ]
    revoked = invoke(runner, "users", "revoke-link", str(listed[0]["id"]))
    assert revoked.output == f"Link {listed[0]['id']} for ann@example.com revoked.\n"
    client = app.test_client()
    assert client.get(link["link"].removeprefix("https://calls.example.net")).status_code == 410
    assert [d["kind"] for d in json.loads(invoke(runner, "users", "links", "--json").output)] == [
        "invite"
    ]


@pytest.mark.parametrize("value", ["999", "0", "x", "²"])
def test_revoke_link_refuses_what_is_not_a_pending_link(runner, value):
    result = invoke(runner, "users", "revoke-link", value)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error:")


def test_no_pending_links(runner):
    assert invoke(runner, "users", "links").output == "No pending links.\n"


def test_set_role_changes_a_role(app, runner):
    make_user(app)
    result = invoke(runner, "users", "set-role", "ann@example.com", "--role", "viewer")
    assert result.output == "ann@example.com is viewer in Default.\n"
    with app.app_context():
        assert users.memberships(get_db(), users.by_email(get_db(), "ann@example.com")) == {
            1: "viewer"
        }
    assert invoke(runner, "users", "set-role", "nobody@example.com", "--role", "admin").output == (
        "Error: no user 'nobody@example.com'\n"
    )


def test_cli_account_changes_are_audited_with_the_cli_as_actor(app, runner):
    invoke(
        runner, "users", "create", "--email", "a@example.com", "--role", "admin",
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    for command in (
        ("users", "disable", "a@example.com"),
        ("users", "enable", "a@example.com"),
        ("users", "reset-2fa", "a@example.com"),
        ("users", "reset-password", "a@example.com"),
        ("users", "invite", "new@example.com", "--role", "viewer"),
        ("users", "set-role", "a@example.com", "--role", "editor"),
    ):
        assert invoke(runner, *command).exit_code == 0
    invoke(
        runner,
        "users",
        "reset-password",
        "a@example.com",
        "--password-stdin",
        stdin="another long one\n",
    )
    with app.app_context():
        rows = get_db().query(AuditEvent).filter_by(action="account").order_by(AuditEvent.id).all()
        assert {r.actor for r in rows} == {"cli"}
        assert [r.reason for r in rows] == [
            "user created",
            "user disabled",
            "user enabled",
            "second factor removed",
            "password link issued",
            "invitation issued",
            "role changed",
            "password changed",
        ]
        assert rows[-2].details == {
            "user": "a@example.com",
            "changes": {"admin": [True, False], "workspaces": [{}, {"1": "editor"}]},
            "say": {"code": "role_changed", "params": {"who": "a@example.com"}},
        }
