"""Users and workspaces (admins): invite, change roles, disable, reset a second factor."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue

from accounts import invitations, totp, users, workspaces
from console import access
from console.base import page
from console.i18n import gettext as _
from db import get_db
from db.accounts import User
from db.models import utcnow
from errors import CallgateError

bp = Blueprint("people", __name__)


@bp.before_request
def admins_only() -> None:
    """Every page here is for installation admins."""
    access.require_admin()


def _show(status: int = 200, **values: object) -> tuple[str, int]:
    db = get_db()
    listed = [(u, users.memberships(db, u)) for u in users.list_users(db)]
    return page(
        "people.html",
        status,
        people=listed,
        workspaces=workspaces.list_workspaces(db),
        workspace_options=[(w.id, w.name) for w in workspaces.list_workspaces(db)],
        names=access.workspace_names(),
        roles=users.ROLES,
        errors=values.pop("errors", {}),
        **values,
    )


@bp.get("/people")
def index() -> ResponseReturnValue:
    """List users and workspaces with the forms to change them."""
    return _show()


def _workspace_id() -> int | None:
    text = request.form.get("workspace", "")
    return int(text) if text.isdigit() else None


@bp.post("/people/invite")
def invite() -> ResponseReturnValue:
    """Make a one-time invitation link (3 days) and show it once, to copy."""
    db = get_db()
    email, role = request.form.get("email", ""), request.form.get("role", "")
    try:
        secret = invitations.invite(db, email, role, _workspace_id(), access.user(), utcnow())
    except CallgateError as exc:
        return _show(400, errors={"invite": exc.message}, invite_email=email)
    link = link_url(secret)
    return _show(link=link, link_for=users.check_email(email))


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
    if chosen == "admin":
        users.set_admin(db, person, True)
    elif chosen in ("editor", "viewer", "none"):
        workspace = workspaces.get(db, _workspace_id())
        workspaces.set_role(db, person, workspace.id, None if chosen == "none" else chosen)
        person.is_admin = False
        db.commit()
    return redirect(url_for("console.people.index", saved=person.email))


@bp.post("/people/<int:user_id>/state")
def state(user_id: int) -> ResponseReturnValue:
    """Disable a user (their sessions end at once), enable them, or reset their second factor."""
    db, person, action = get_db(), _person(user_id), request.form.get("action")
    if person.id == access.user().id and action == "disable":
        return _show(400, errors={user_id: _("You cannot disable yourself.")})
    if action in ("disable", "enable"):
        users.set_disabled(db, person, action == "disable")
    elif action == "reset_2fa":
        totp.disable(db, person)
    elif action == "reset_password":
        link = url_for(
            "console.account.link",
            secret=invitations.reset(db, person, access.user(), utcnow()),
            _external=True,
        )
        return _show(link=link, link_for=person.email, reset=True)
    return redirect(url_for("console.people.index", saved=person.email))


@bp.post("/people/workspaces")
def new_workspace() -> ResponseReturnValue:
    """Create a workspace."""
    try:
        workspaces.create(get_db(), request.form.get("name", ""))
    except CallgateError as exc:
        return _show(400, errors={"workspace": exc.message})
    return redirect(url_for("console.people.index"))
