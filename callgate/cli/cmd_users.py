"""`flask users …` and `flask workspaces …`: console accounts and the workspaces buttons live in."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from callgate.accounts import invitations, totp, users, workspaces
from callgate.buttons.parsing import read_password
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db
from callgate.db.models import utcnow

cli = AppGroup("users", help="Manage the people who use the console.")
workspaces_cli = AppGroup("workspaces", help="Manage workspaces (groups of buttons and people).")
email_argument = click.argument("email")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return read_password(sys.stdin)
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def link_url(secret: str) -> str:
    """Return the console URL of a one-time link."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/console/link/{secret}"


@cli.command("create")
@click.option("--email", required=True, help="The user's e-mail address (the login).")
@click.option(
    "--role", required=True, type=click.Choice(users.ROLES), help="admin, editor or viewer."
)
@click.option("--workspace", help="Workspace of an editor or viewer (default: the default one).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@json_option
@friendly_errors
def create_command(
    email: str, role: str, workspace: str | None, password_stdin: bool, as_json: bool
) -> None:
    """Create a user who can log in to the console."""
    db = get_db()
    workspace_id = workspaces.by_name(db, workspace).id
    user = users.create(db, email, role, _password(password_stdin), workspace_id, actor="cli")
    emit(users.describe(db, user), as_json, f"Created {role} {user.email}.")


@cli.command("list")
@json_option
@friendly_errors
def list_command(as_json: bool) -> None:
    """List users with their roles."""
    db = get_db()
    data = [users.describe(db, user) for user in users.list_users(db)]
    rows = [
        [
            d["email"],
            "admin" if d["admin"] else " ".join(f"{k}:{v}" for k, v in d["workspaces"].items()),
            "disabled" if d["disabled"] else "active",
            "2FA" if d["twoFactor"] else "-",
        ]
        for d in data
    ]
    text = table(rows, ["EMAIL", "ROLE", "STATE", "2FA"]) if rows else "No users yet."
    emit(data, as_json, text)


def _set_disabled(email: str, disabled: bool, as_json: bool) -> None:
    db = get_db()
    user = users.by_email(db, email)
    users.set_disabled(db, user, disabled, actor="cli")
    word = "disabled (their sessions are ended)" if disabled else "enabled"
    emit(users.describe(db, user), as_json, f"User {user.email} is {word}.")


@cli.command("disable")
@email_argument
@json_option
@friendly_errors
def disable_command(email: str, as_json: bool) -> None:
    """Stop a user from logging in and end their sessions at once."""
    _set_disabled(email, True, as_json)


@cli.command("enable")
@email_argument
@json_option
@friendly_errors
def enable_command(email: str, as_json: bool) -> None:
    """Let a disabled user log in again."""
    _set_disabled(email, False, as_json)


@cli.command("reset-password")
@email_argument
@click.option("--password-stdin", is_flag=True, help="Set it from standard input, not a link.")
@json_option
@friendly_errors
def reset_password_command(email: str, password_stdin: bool, as_json: bool) -> None:
    """Set a new password from stdin, or print a one-time link to choose one (3 days)."""
    db = get_db()
    user = users.by_email(db, email)
    if password_stdin:
        users.set_password(db, user, read_password(sys.stdin), actor="cli")
        emit({"email": user.email}, as_json, f"New password set for {user.email}.")
        return
    made = invitations.reset(db, user, None, utcnow())
    url = link_url(made.secret)
    text = f"One-time link for {user.email}:\n  {url}" + replaced_note(made.superseded, "link")
    emit({"email": user.email, "link": url, "superseded": made.superseded}, as_json, text)


def replaced_note(count: int, what: str) -> str:
    """Say that older pending links stopped working, if any did."""
    if not count:
        return ""
    return f"\n(the earlier pending {what} for this address no longer works)"


@cli.command("reset-2fa")
@email_argument
@json_option
@friendly_errors
def reset_2fa_command(email: str, as_json: bool) -> None:
    """Remove a user's second factor (they lost their phone)."""
    db = get_db()
    user = users.by_email(db, email)
    totp.disable(db, user, actor="cli")
    emit({"email": user.email}, as_json, f"Second factor removed for {user.email}.")


@workspaces_cli.command("create")
@click.argument("name")
@json_option
@friendly_errors
def workspace_create_command(name: str, as_json: bool) -> None:
    """Create a workspace."""
    workspace = workspaces.create(get_db(), name)
    emit({"id": workspace.id, "name": workspace.name}, as_json, f"Created workspace {name}.")


@workspaces_cli.command("list")
@json_option
@friendly_errors
def workspace_list_command(as_json: bool) -> None:
    """List workspaces."""
    found = workspaces.list_workspaces(get_db())
    data = [{"id": w.id, "name": w.name} for w in found]
    emit(data, as_json, table([[str(w.id), w.name] for w in found], ["ID", "NAME"]))
