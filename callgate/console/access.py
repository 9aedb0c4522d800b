"""What the logged-in user may see and change, asked of accounts/workspaces.py for each request."""

from __future__ import annotations

from flask import g

from callgate.accounts import workspaces
from callgate.accounts.workspaces import NotPermitted
from callgate.audit.changes import user_actor
from callgate.buttons.store import get_button, list_buttons
from callgate.db import get_db
from callgate.db.accounts import User, Workspace
from callgate.db.models import Button


def user() -> User:
    """Return the logged-in user (every view but login runs with one)."""
    found: User = g.user
    return found


def actor() -> str:
    """Return who the audit trail says made a change: the logged-in user."""
    return user_actor(user().email)


def require_admin() -> None:
    """Raise NotPermitted unless the user is an installation admin."""
    if not user().is_admin:
        raise NotPermitted("only admins may do this", needs="admin")


def visible_buttons() -> list[Button]:
    """Return the buttons of the workspaces the user may see."""
    return list_buttons(get_db(), workspaces.visible(get_db(), user()))


def visible_workspaces() -> list[int]:
    """Return the ids of the workspaces the user may see."""
    if "visible_workspaces" not in g:
        g.visible_workspaces = workspaces.visible(get_db(), user())
    found: list[int] = g.visible_workspaces
    return found


def button_to_view(button_id: str) -> Button:
    """Return the button if the user may see it; raise NotFound otherwise."""
    button = get_button(get_db(), button_id)
    workspaces.ensure_can_view(get_db(), user(), button)
    return button


def button_to_edit(button_id: str, workspace_id: int | None = None) -> Button:
    """Return the button if the user may change it (and move it to `workspace_id`)."""
    button = button_to_view(button_id)
    target = button.workspace_id if workspace_id is None else workspace_id
    workspaces.ensure_can_edit(get_db(), user(), button, target)
    return button


def can_edit(button: Button) -> bool:
    """Tell whether the user may change `button`."""
    return workspaces.role_in(get_db(), user(), button.workspace_id) in ("admin", "editor")


def workspace_choices(editing: bool) -> list[Workspace]:
    """Return the workspaces the user may put buttons in (or, if not `editing`, see)."""
    db = get_db()
    allowed = set(workspaces.editable(db, user()) if editing else workspaces.visible(db, user()))
    return [w for w in workspaces.list_workspaces(db) if w.id in allowed]


def workspace_names() -> dict[int, str]:
    """Return every workspace's name by id."""
    return {w.id: w.name for w in workspaces.list_workspaces(get_db())}
