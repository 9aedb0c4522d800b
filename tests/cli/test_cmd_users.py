"""`flask users …`, `flask workspaces …`, and `--workspace` on the button commands."""

from __future__ import annotations

import json

import pytest

from callgate.accounts import passwords, users
from callgate.db import get_db

PASSWORD = "a long enough password"


@pytest.fixture
def app(make_app):
    return make_app(CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1)


def invoke(runner, *args, stdin=None):
    return runner.invoke(args=list(args), input=stdin)


def test_create_reads_the_password_from_stdin_and_never_prints_it(app, runner):
    result = invoke(
        runner,
        "users",
        "create",
        "--email",
        "a@example.com",
        "--role",
        "admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert (result.exit_code, result.output) == (0, "Created admin a@example.com.\n")
    with app.app_context():
        user = users.by_email(get_db(), "a@example.com")
        assert user.is_admin and passwords.verify(user.password_hash, PASSWORD)


def test_create_in_a_workspace_and_list(app, runner):
    assert invoke(runner, "workspaces", "create", "Shop").exit_code == 0
    result = invoke(
        runner,
        "users",
        "create",
        "--email",
        "e@example.com",
        "--role",
        "editor",
        "--workspace",
        "Shop",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(invoke(runner, "users", "list", "--json").output)
    assert listed[0]["workspaces"] == {"Shop": "editor"}
    assert "passwordHash" not in listed[0] and PASSWORD not in json.dumps(listed)
    assert "Shop:editor" in invoke(runner, "users", "list").output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--email", "bad", "--role", "admin"], PASSWORD, "is not an e-mail address"),
        (["--email", "a@example.com", "--role", "admin"], "short", "at least 10 characters"),
        (
            ["--email", "a@example.com", "--role", "viewer", "--workspace", "Nope"],
            PASSWORD,
            "no workspace",
        ),
        (["--email", "a@example.com", "--role", "owner"], PASSWORD, "Invalid value for '--role'"),
    ],
)
def test_create_refuses_bad_input(runner, args, stdin, message):
    result = invoke(runner, "users", "create", *args, "--password-stdin", stdin=stdin + "\n")
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def test_disable_enable_and_reset(app, runner):
    invoke(
        runner,
        "users",
        "create",
        "--email",
        "a@example.com",
        "--role",
        "viewer",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert "is disabled" in invoke(runner, "users", "disable", "a@example.com").output
    assert "is enabled" in invoke(runner, "users", "enable", "a@example.com").output
    link = json.loads(invoke(runner, "users", "reset-password", "a@example.com", "--json").output)[
        "link"
    ]
    assert link.startswith("https://calls.example.net/console/link/")
    result = invoke(
        runner,
        "users",
        "reset-password",
        "a@example.com",
        "--password-stdin",
        stdin="another long one\n",
    )
    assert result.exit_code == 0
    with app.app_context():
        assert passwords.verify(
            users.by_email(get_db(), "a@example.com").password_hash, "another long one"
        )
    assert invoke(runner, "users", "reset-2fa", "a@example.com").exit_code == 0
    missing = invoke(runner, "users", "disable", "nobody@example.com")
    assert missing.exit_code == 1 and missing.output.startswith("Error: no user")


CREATE = [
    *(
        "button",
        "create",
        "--name",
        "S",
        "--callee",
        "7001",
        "--gateway-url",
        "wss://gw.example.com",
    ),
    *("--sip-login", "l", "--origin", "https://a.example.com", "--sip-password-stdin", "--json"),
]


def test_buttons_go_to_the_default_workspace_unless_told(runner):
    invoke(runner, "workspaces", "create", "Shop")
    default = json.loads(invoke(runner, *CREATE, stdin="pw\n").output)
    shop = json.loads(invoke(runner, *CREATE, "--workspace", "Shop", stdin="pw\n").output)
    assert (default["workspaceId"], shop["workspaceId"]) == (1, 2)
    only_shop = json.loads(invoke(runner, "button", "list", "--workspace", "Shop", "--json").output)
    assert [b["id"] for b in only_shop] == [shop["id"]]
    moved = invoke(runner, "button", "update", default["id"], "--workspace", "Shop", "--json")
    assert json.loads(moved.output)["workspaceId"] == 2
    bad = invoke(runner, *CREATE, "--workspace", "Nope", stdin="pw\n")
    assert bad.exit_code == 1 and "no workspace" in bad.output
