"""Console users: create, find, list, disable, enable, set passwords, end their sessions."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callgate.accounts import passwords, voids, workspaces
from callgate.accounts.changes import note
from callgate.db.accounts import Membership, User
from callgate.db.models import utcnow
from callgate.errors import InvalidInput, NotFound

ROLES = ("admin", "editor", "viewer")
_EMAIL = re.compile(
    r"[^@\s\"'<>\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)


class AccountError(InvalidInput):
    """A user field (e-mail, role, workspace) cannot be used."""

    code = "invalid_account"


def check_email(value: object) -> str:
    """Return the address lowercased if it looks like name@host.tld, else raise AccountError."""
    text = value.strip().lower() if isinstance(value, str) else ""
    if len(text) > 254 or not _EMAIL.fullmatch(text):
        raise AccountError(f"{str(value)[:80]!r} is not an e-mail address")
    return text


def check_role(value: object) -> str:
    """Return `value` if it is admin, editor or viewer."""
    if value not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    return str(value)


def find(db: Session, email: str) -> User | None:
    """Return the user with this e-mail address (any case), or None."""
    return db.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def get(db: Session, user_id: object) -> User:
    """Return the user with `user_id`; raise NotFound."""
    user = db.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(f"no user {user_id!r}")
    return user


def by_email(db: Session, email: str) -> User:
    """Return the user with this e-mail address; raise NotFound."""
    user = find(db, email)
    if user is None:
        raise NotFound(f"no user {email!r}")
    return user


def create(
    db: Session,
    email: str,
    role: str,
    password: str,
    workspace_id: int | None = None,
    *,
    actor: str | None = None,
) -> User:
    """Store a new user with `role` (in `workspace_id`, default workspace, unless admin).

    `actor` (who made it) goes on the change's audit row.
    """
    email, role = check_email(email), check_role(role)
    if find(db, email) is not None:
        raise AccountError(f"a user {email} already exists")
    user = User(
        email=email,
        password_hash=passwords.hash_password(passwords.check_new(password, email)),
        is_admin=role == "admin",
        disabled=False,
        session_version=1,
    )
    db.add(user)
    db.flush()
    workspace = None if role == "admin" else workspaces.get(db, workspace_id).id
    if workspace is not None:
        workspaces.set_role(db, user, workspace, role)
    note(db, actor, "user created", "user_created", email, role=role, workspace=workspace)
    db.commit()
    return user


def list_users(db: Session) -> list[User]:
    """Return every user, by e-mail address."""
    return list(db.scalars(select(User).order_by(User.email)))


def set_disabled(db: Session, user: User, disabled: bool, *, actor: str | None = None) -> None:
    """Disable (ending every session and voiding the links they made) or enable a user."""
    if disabled:
        user.session_version += 1
        voids.by_author(db, user.id, utcnow())
    note(
        db,
        actor,
        "user disabled" if disabled else "user enabled",
        "user_disabled" if disabled else "user_enabled",
        user.email,
        changes={"disabled": [user.disabled, disabled]},
    )
    user.disabled = disabled
    db.commit()


def set_password(db: Session, user: User, password: str, *, actor: str | None = None) -> None:
    """Store a new password, end the user's other sessions and void their pending reset links."""
    user.password_hash = passwords.hash_password(passwords.check_new(password, user.email))
    user.session_version += 1
    voids.for_person(db, user.email, "reset", "password_changed", utcnow())
    changes = {"password": "changed"}
    note(db, actor, "password changed", "password_changed", user.email, changes=changes)
    db.commit()


def end_sessions(db: Session, user: User) -> None:
    """End every console session of `user` (logout): older cookies no longer count."""
    user.session_version += 1
    db.commit()


def memberships(db: Session, user: User) -> dict[int, str]:
    """Return `user`'s roles by workspace id."""
    rows = db.execute(
        select(Membership.workspace_id, Membership.role).where(Membership.user_id == user.id)
    )
    return {workspace_id: role for workspace_id, role in rows}


def describe(db: Session, user: User) -> dict:
    """Return the user as plain data (never the password hash or the second-factor secret)."""
    names = {w.id: w.name for w in workspaces.list_workspaces(db)}
    return {
        "email": user.email,
        "admin": user.is_admin,
        "disabled": user.disabled,
        "twoFactor": user.totp_secret is not None,
        "workspaces": {names.get(k, str(k)): role for k, role in memberships(db, user).items()},
        "createdAt": user.created_at.isoformat() if user.created_at else None,
        "lastLoginAt": user.last_login_at.isoformat() if user.last_login_at else None,
    }
