"""Changing what a user may do: installation admin, or a role in one workspace; audited."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callgate.accounts import voids, workspaces
from callgate.accounts.changes import note
from callgate.accounts.users import AccountError, memberships
from callgate.db.accounts import User
from callgate.db.models import utcnow

CHOICES = ("admin", "editor", "viewer", "none")


def change_role(
    db: Session, user: User, role: str, workspace_id: int | None, *, actor: str | None = None
) -> None:
    """Make `user` an admin, or give them `role` ("editor", "viewer", "none") in a workspace.

    Anything but "admin" takes the installation admin role away (and voids the links they
    made as one); memberships elsewhere stay. Raises AccountError or NotFound.
    """
    if role not in CHOICES:
        raise AccountError(f"role must be one of {', '.join(CHOICES)}")
    before = {"admin": user.is_admin, "workspaces": memberships(db, user)}
    if role != "admin":
        workspace = workspaces.get(db, workspace_id).id
        workspaces.set_role(db, user, workspace, None if role == "none" else role)
        if user.is_admin:
            voids.by_author(db, user.id, utcnow())
    user.is_admin = role == "admin"
    db.flush()
    after = {"admin": user.is_admin, "workspaces": memberships(db, user)}
    changes = {k: [_plain(before[k]), _plain(after[k])] for k in before if before[k] != after[k]}
    note(db, actor, "role changed", "role_changed", user.email, changes=changes)
    db.commit()


def _plain(value: object) -> object:
    """Return `value` as JSON can hold it (workspace ids as text keys)."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value
