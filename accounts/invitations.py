"""One-time, expiring links: an invitation to join, or a reset to set a new password.

Only a SHA-256 of the link's secret is stored, so the database cannot be used to log in.
A link is spent in one atomic UPDATE, so two clicks (or two workers) cannot both use it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from accounts import passwords, users, workspaces
from db.accounts import Invitation, User
from errors import NotFound

TTL = timedelta(days=3)
KINDS = ("invite", "reset")


class LinkInvalid(NotFound):
    """The link is unknown, already used or expired."""

    code = "link_invalid"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def invite(
    db: Session, email: str, role: str, workspace_id: int | None, by: User | None, now: datetime
) -> str:
    """Store an invitation for a new user and return the secret for its link (shown once)."""
    email, role = users.check_email(email), users.check_role(role)
    if users.find(db, email) is not None:
        raise users.AccountError(f"a user {email} already exists")
    workspace = None if role == "admin" else workspaces.get(db, workspace_id).id
    return _store(db, "invite", email, role, workspace, by, now)


def reset(db: Session, user: User, by: User | None, now: datetime) -> str:
    """Store a link that sets a new password for `user` and return its secret (shown once)."""
    return _store(db, "reset", user.email, "admin" if user.is_admin else "viewer", None, by, now)


def _store(
    db: Session,
    kind: str,
    email: str,
    role: str,
    workspace: int | None,
    by: User | None,
    now: datetime,
) -> str:
    secret = secrets.token_urlsafe(32)
    db.add(
        Invitation(
            token_hash=_digest(secret),
            kind=kind,
            email=email,
            role=role,
            workspace_id=workspace,
            created_by=by.id if by else None,
            created_at=now,
            expires_at=now + TTL,
        )
    )
    db.commit()
    return secret


def lookup(db: Session, secret: object, now: datetime) -> Invitation:
    """Return the unused, unexpired link for `secret`; raise LinkInvalid."""
    found = None
    if isinstance(secret, str) and 20 <= len(secret) <= 100:
        found = db.query(Invitation).filter_by(token_hash=_digest(secret)).one_or_none()
    if found is None or found.used_at is not None or found.expires_at <= now:
        raise LinkInvalid("this link is unknown, already used or expired")
    return found


def accept(db: Session, secret: str, password: str, now: datetime) -> User:
    """Spend the link: create the invited user, or set the new password; return the user."""
    link = lookup(db, secret, now)
    passwords.check_new(password, link.email)
    user = users.find(db, link.email)
    if link.kind == "invite" and user is not None:
        raise users.AccountError(f"a user {link.email} already exists")
    if link.kind == "reset" and user is None:
        raise LinkInvalid("this link is unknown, already used or expired")
    spent = cast(
        CursorResult[Any],
        db.execute(
            update(Invitation)
            .where(Invitation.id == link.id, Invitation.used_at.is_(None))
            .values(used_at=now)
        ),
    )
    if spent.rowcount != 1:
        db.rollback()
        raise LinkInvalid("this link is unknown, already used or expired")
    if user is None:
        return users.create(db, link.email, link.role, password, link.workspace_id)
    users.set_password(db, user, password)
    return user
