"""Workspaces and who may do what in them: admins everything, editors manage, viewers read."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from callgate.db.accounts import DEFAULT_WORKSPACE_ID, Membership, User, Workspace
from callgate.db.models import Button
from callgate.errors import InvalidInput, NotFound, Refused

MEMBER_ROLES = ("editor", "viewer")


class NotPermitted(Refused):
    """The user's role does not allow this (a viewer changing something, a member's admin page)."""

    code = "not_permitted"


def check_name(value: object) -> str:
    """Return a workspace name: 1 to 100 printable characters, trimmed."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 100 or not text.isprintable():
        raise InvalidInput("a workspace name needs 1 to 100 printable characters")
    return text


def get(db: Session, workspace_id: int | None = None) -> Workspace:
    """Return the workspace (the default one for None); raise NotFound."""
    workspace = db.get(Workspace, DEFAULT_WORKSPACE_ID if workspace_id is None else workspace_id)
    if workspace is None:
        raise NotFound(f"no workspace {workspace_id!r}")
    return workspace


def by_name(db: Session, name: str | None) -> Workspace:
    """Return the workspace called `name` (the default one for None); raise NotFound."""
    if name is None:
        return get(db)
    workspace = db.scalar(select(Workspace).where(Workspace.name == name))
    if workspace is None:
        raise NotFound(f"no workspace {name!r}")
    return workspace


def create(db: Session, name: str) -> Workspace:
    """Store a new workspace; raise InvalidInput if the name is taken."""
    name = check_name(name)
    if db.scalar(select(Workspace.id).where(Workspace.name == name)) is not None:
        raise InvalidInput(f"a workspace {name!r} already exists")
    workspace = Workspace(name=name)
    db.add(workspace)
    db.commit()
    return workspace


def list_workspaces(db: Session) -> list[Workspace]:
    """Return every workspace, the default first, then by name."""
    rows = db.scalars(
        select(Workspace).order_by(Workspace.id != DEFAULT_WORKSPACE_ID, Workspace.name)
    )
    return list(rows)


def set_role(db: Session, user: User, workspace_id: int, role: str | None) -> None:
    """Give `user` `role` in the workspace, or remove them from it with None; caller commits."""
    db.execute(
        delete(Membership).where(
            Membership.user_id == user.id, Membership.workspace_id == workspace_id
        )
    )
    if role is not None:
        if role not in MEMBER_ROLES:
            raise InvalidInput(f"a workspace role is {' or '.join(MEMBER_ROLES)}")
        db.add(Membership(user_id=user.id, workspace_id=get(db, workspace_id).id, role=role))


def role_in(db: Session, user: User, workspace_id: int) -> str | None:
    """Return "admin", "editor", "viewer" or None: what `user` is in the workspace."""
    if user.is_admin:
        return "admin"
    return db.scalar(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.workspace_id == workspace_id
        )
    )


def visible(db: Session, user: User) -> list[int]:
    """Return the ids of the workspaces `user` may see (all of them for admins)."""
    if user.is_admin:
        return [w.id for w in list_workspaces(db)]
    return list(db.scalars(select(Membership.workspace_id).where(Membership.user_id == user.id)))


def editable(db: Session, user: User) -> list[int]:
    """Return the ids of the workspaces whose buttons `user` may change."""
    if user.is_admin:
        return visible(db, user)
    query = select(Membership.workspace_id).where(
        Membership.user_id == user.id, Membership.role == "editor"
    )
    return list(db.scalars(query))


def ensure_can_view(db: Session, user: User, button: Button) -> None:
    """Raise NotFound unless `user` may see `button` (others' buttons do not exist for them)."""
    if role_in(db, user, button.workspace_id) is None:
        raise NotFound(f"no button {button.id!r}")


def ensure_can_edit(db: Session, user: User, button: Button | None, workspace_id: int) -> None:
    """Raise unless `user` may change `button` and put it in `workspace_id`."""
    if button is not None:
        ensure_can_view(db, user, button)
    for target in {workspace_id, button.workspace_id if button else workspace_id}:
        if role_in(db, user, target) not in ("admin", "editor"):
            raise NotPermitted("your role in this workspace is read-only")


def visible_button_ids(db: Session, user: User) -> list[str]:
    """Return the ids of the buttons `user` may see."""
    query = select(Button.id).where(Button.workspace_id.in_(visible(db, user)))
    return list(db.scalars(query))
