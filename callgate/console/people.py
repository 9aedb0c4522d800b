"""Users and workspaces (admins): invite, change roles, disable, reset a second factor, and
list and revoke the pending one-time links."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import invitations, links, roles, totp, users, workspaces
from callgate.console import access
from callgate.console.base import page
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.db.accounts import User
from callgate.db.models import utcnow
from callgate.errors import CallgateError, InvalidInput

bp = Blueprint("people", __name__)


@bp.before_request
def admins_only() -> None:
    """Every page here is for installation admins."""
    access.require_admin()


def _show(status: int = 200, **values: object) -> tuple[str, int]:
    db = get_db()
    listed = [(u, users.memberships(db, u)) for u in users.list_users(db)]
    waiting = links.pending(db, utcnow())
    return page(
        "people.html",
        status,
        people=listed,
        pending=waiting,
        authors=links.authors(db, waiting),
        workspaces=workspaces.list_workspaces(db),
        workspace_options=[(w.id, w.name) for w in workspaces.list_workspaces(db)],
        names=access.workspace_names(),
        roles=users.ROLES,
        errors=values.pop("errors", {}),
        **values,
    )


@bp.get("/people")
def index() -> ResponseReturnValue:
    """List users, pending links and workspaces with the forms to change them."""
    return _show()


def _workspace_id() -> int | None:
    """Return the workspace chosen in the form (None: the default); raise InvalidInput."""
    text = request.form.get("workspace", "")
    if text == "":
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise InvalidInput(_("Choose a workspace from the list."))
    return int(text)


def actor() -> str:
    """Return who is making a change, for the audit trail."""
    return f"user:{access.user().email}"


@bp.post("/people/invite")
def invite() -> ResponseReturnValue:
    """Make a one-time invitation link (3 days) and show it once, to copy."""
    db = get_db()
    email, role = request.form.get("email", ""), request.form.get("role", "")
    try:
        made = invitations.invite(db, email, role, _workspace_id(), access.user(), utcnow())
    except CallgateError as exc:
        return _show(400, errors={"invite": exc.message}, invite_email=email)
    return _show(link=link_url(made.secret), link_for=users.check_email(email), made=made)


def link_url(secret: str) -> str:
    """Return the address of a one-time link (the CLI prints the same)."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/console/link/{secret}"


def _person(user_id: int) -> User:
    return users.get(get_db(), user_id)


@bp.post("/people/<int:user_id>/role")
def role(user_id: int) -> ResponseReturnValue:
    """Make a user an admin, or give them a role in a workspace (none removes them from it)."""
    db, person = get_db(), _person(user_id)
    chosen = request.form.get("role", "")
    if person.id == access.user().id:
        return _show(400, errors={user_id: _("You cannot change your own role.")})
    if chosen not in ("admin", "editor", "viewer", "none"):
        return _show(400, errors={user_id: _("Choose a role from the list.")})
    workspace = None if chosen == "admin" else _workspace_id()
    roles.change_role(db, person, chosen, workspace, actor=actor())
    return redirect(url_for("console.people.index", saved=person.email))


@bp.post("/people/<int:user_id>/state")
def state(user_id: int) -> ResponseReturnValue:
    """Disable a user (their sessions end at once), enable them, or reset their second factor."""
    db, person, action = get_db(), _person(user_id), request.form.get("action")
    if person.id == access.user().id and action == "disable":
        return _show(400, errors={user_id: _("You cannot disable yourself.")})
    if action in ("disable", "enable"):
        users.set_disabled(db, person, action == "disable", actor=actor())
    elif action == "reset_2fa":
        totp.disable(db, person, actor=actor())
    elif action == "reset_password":
        made = invitations.reset(db, person, access.user(), utcnow())
        return _show(link=link_url(made.secret), link_for=person.email, reset=True, made=made)
    return redirect(url_for("console.people.index", saved=person.email))


@bp.post("/people/links/<int:link_id>/revoke")
def revoke(link_id: int) -> ResponseReturnValue:
    """Revoke a pending one-time link: it stops working at once."""
    link = links.revoke(get_db(), link_id, actor(), utcnow())
    return redirect(url_for("console.people.index", revoked=link.email))


@bp.post("/people/workspaces")
def new_workspace() -> ResponseReturnValue:
    """Create a workspace."""
    try:
        workspaces.create(get_db(), request.form.get("name", ""))
    except CallgateError as exc:
        return _show(400, errors={"workspace": exc.message})
    return redirect(url_for("console.people.index"))
