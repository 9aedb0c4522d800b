"""One-time, expiring links: an invitation to join, or a reset to set a new password.

Only a SHA-256 of the link's secret is stored, so the database cannot be used to log in.
A link is spent in one atomic UPDATE, so two clicks (or two workers) cannot both use it. A new
link supersedes the pending ones of its kind for the same person, and using one voids the
rest; accounts/links.py says why a link no longer works and lists and revokes pending ones.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from callgate.accounts import links, passwords, users, voids, workspaces
from callgate.accounts.changes import note
from callgate.db.accounts import Invitation, User

TTL = timedelta(days=3)
KINDS = ("invite", "reset")
#: The audit row of a link issued, by kind: its English reason and its code.
ISSUED = {
    "invite": ("invitation issued", "invitation_issued"),
    "reset": ("password link issued", "password_link_issued"),
}
LinkInvalid = links.LinkInvalid


@dataclass(frozen=True)
class Issued:
    """A new link's secret (shown once) and how many older links of its kind it replaced."""

    secret: str
    superseded: int


def digest(secret: str) -> str:
    """Return the stored form of a link's secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def invite(
    db: Session, email: str, role: str, workspace_id: int | None, by: User | None, now: datetime
) -> Issued:
    """Store an invitation for a new user (replacing a pending one for the same address)."""
    email, role = users.check_email(email), users.check_role(role)
    if users.find(db, email) is not None:
        raise users.AccountError(f"a user {email} already exists")
    workspace = None if role == "admin" else workspaces.get(db, workspace_id).id
    return _store(db, "invite", email, role, workspace, by, now)


def reset(db: Session, user: User, by: User | None, now: datetime) -> Issued:
    """Store a link that sets a new password for `user` (replacing a pending one)."""
    return _store(db, "reset", user.email, "admin" if user.is_admin else "viewer", None, by, now)


def _store(
    db: Session,
    kind: str,
    email: str,
    role: str,
    workspace: int | None,
    by: User | None,
    now: datetime,
) -> Issued:
    secret = secrets.token_urlsafe(32)
    replaced = voids.for_person(db, email, kind, "superseded", now)
    db.add(
        Invitation(
            token_hash=digest(secret),
            kind=kind,
            email=email,
            role=role,
            workspace_id=workspace,
            created_by=by.id if by else None,
            created_at=now,
            expires_at=now + TTL,
        )
    )
    reason, code = ISSUED[kind]
    details = {"role": role, "workspace": workspace} if kind == "invite" else {}
    note(db, actor_of(by), reason, code, email, superseded=replaced, **details)
    db.commit()
    return Issued(secret, replaced)


def actor_of(user: User | None) -> str:
    """Return the audit actor of a console user, or the CLI's."""
    return f"user:{user.email}" if user else "cli"


def lookup(db: Session, secret: object, now: datetime) -> Invitation:
    """Return the usable link for `secret`; raise LinkInvalid saying why it is not."""
    found = None
    if isinstance(secret, str) and 20 <= len(secret) <= 100:
        found = db.query(Invitation).filter_by(token_hash=digest(secret)).one_or_none()
    if found is None:
        raise LinkInvalid("unknown")
    links.check(db, found, now)
    return found


def accept(db: Session, secret: str, password: str, now: datetime) -> User:
    """Spend the link: create the invited user, or set the new password; return the user."""
    link = lookup(db, secret, now)
    passwords.check_new(password, link.email)
    spent = cast(
        CursorResult[Any],
        db.execute(
            update(Invitation)
            .where(Invitation.id == link.id, *voids.pending_where())
            .values(used_at=now)
        ),
    )
    if spent.rowcount != 1:
        db.rollback()
        raise LinkInvalid("used")
    voids.for_person(db, link.email, link.kind, "superseded", now)
    actor = f"user:{link.email}"
    user = users.find(db, link.email)
    if user is None:
        return users.create(db, link.email, link.role, password, link.workspace_id, actor=actor)
    users.set_password(db, user, password, actor=actor)
    return user
