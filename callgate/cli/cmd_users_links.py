"""`flask users invite | links | revoke-link | set-role`: one-time links and roles from the CLI."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from callgate.accounts import invitations, links, roles, users, workspaces
from callgate.cli.cmd_users import email_argument, link_url, replaced_note
from callgate.cli.output import emit, friendly_errors, json_option, table
from callgate.db import get_db
from callgate.db.models import utcnow


@click.command("invite")
@with_appcontext
@email_argument
@click.option(
    "--role", required=True, type=click.Choice(users.ROLES), help="admin, editor or viewer."
)
@click.option("--workspace", help="Workspace of an editor or viewer (default: the default one).")
@json_option
@friendly_errors
def invite_command(email: str, role: str, workspace: str | None, as_json: bool) -> None:
    """Print a one-time link (3 days) with which someone joins; it replaces a pending one."""
    db = get_db()
    made = invitations.invite(db, email, role, workspaces.by_name(db, workspace).id, None, utcnow())
    url = link_url(made.secret)
    text = f"Invitation link for {email.strip().lower()}:\n  {url}"
    text += replaced_note(made.superseded, "invitation")
    emit(
        {"email": email.strip().lower(), "link": url, "superseded": made.superseded}, as_json, text
    )


@click.command("links")
@with_appcontext
@json_option
@friendly_errors
def links_command(as_json: bool) -> None:
    """List the pending one-time links (invitations and password links), newest first."""
    db = get_db()
    found = links.pending(db, utcnow())
    names = links.authors(db, found)
    data = [links.describe(link, names.get(link.created_by or 0)) for link in found]
    rows = [
        [str(d["id"]), d["kind"], d["email"], d["role"] if d["kind"] == "invite" else "-"]
        + [d["createdBy"], d["expiresAt"][:16]]
        for d in data
    ]
    headers = ["ID", "KIND", "EMAIL", "ROLE", "MADE BY", "EXPIRES (UTC)"]
    emit(data, as_json, table(rows, headers) if rows else "No pending links.")


@click.command("revoke-link")
@with_appcontext
@click.argument("link_id", type=click.IntRange(min=1, max=2**31 - 1))
@json_option
@friendly_errors
def revoke_link_command(link_id: int, as_json: bool) -> None:
    """Make a pending link stop working at once (its ID is in `users links`)."""
    link = links.revoke(get_db(), link_id, "cli", utcnow())
    emit({"id": link.id, "email": link.email}, as_json, f"Link {link.id} for {link.email} revoked.")


@click.command("set-role")
@with_appcontext
@email_argument
@click.option(
    "--role",
    required=True,
    type=click.Choice(("admin", "editor", "viewer", "none")),
    help="admin, or editor, viewer or none (removed) in the workspace.",
)
@click.option("--workspace", help="The workspace of the role (default: the default one).")
@json_option
@friendly_errors
def set_role_command(email: str, role: str, workspace: str | None, as_json: bool) -> None:
    """Make a user an admin, or give them a role in one workspace (taking admin away)."""
    db = get_db()
    user, place = users.by_email(db, email), workspaces.by_name(db, workspace)
    roles.change_role(db, user, role, place.id, actor="cli")
    said = "an admin" if role == "admin" else f"{role} in {place.name}"
    if role == "none":
        said = f"no longer in {place.name}"
    emit(users.describe(db, user), as_json, f"{user.email} is {said}.")


def attach(group: AppGroup) -> None:
    """Add these commands to `flask users`."""
    for command in (invite_command, links_command, revoke_link_command, set_role_command):
        group.add_command(command)
