"""Pending one-time links: why one no longer works, and listing and revoking them (admins)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.accounts import users, voids
from callgate.accounts.changes import note
from callgate.db.accounts import Invitation, User
from callgate.errors import NotFound

#: Why a link no longer works: besides the voids' reasons.
WHY = ("unknown", "used", "expired", "account_exists", *voids.REASONS)
LISTED = 200
#: The audit row of a link revoked, by kind: its English reason and its code.
REVOKED = {
    "invite": ("invitation revoked", "invitation_revoked"),
    "reset": ("password link revoked", "password_link_revoked"),
}


class LinkInvalid(NotFound):
    """The link is unknown or no longer works; `why` says which of WHY."""

    code = "link_invalid"

    def __init__(self, why: str) -> None:
        assert why in WHY, why
        super().__init__(f"this link does not work ({why.replace('_', ' ')})", why=why)
        self.why = why


def check(db: Session, link: Invitation, now: datetime) -> None:
    """Raise LinkInvalid unless `link` may be used now.

    Besides being unused, unvoided and unexpired, its author (if an admin made it) must still
    be an active admin: a link never grants more than its author could grant today.
    """
    if link.used_at is not None:
        raise LinkInvalid("used")
    if link.voided_at is not None:
        raise LinkInvalid(link.void_reason if link.void_reason in WHY else "revoked")
    if link.expires_at <= now:
        raise LinkInvalid("expired")
    if link.created_by is not None:
        author = db.get(User, link.created_by)
        if author is None or author.disabled or not author.is_admin:
            raise LinkInvalid("author_gone")
    person = users.find(db, link.email)
    if link.kind == "invite" and person is not None:
        raise LinkInvalid("account_exists")
    if link.kind == "reset" and person is None:
        raise LinkInvalid("unknown")


def pending(db: Session, now: datetime) -> list[Invitation]:
    """Return the links that are neither used, voided nor expired, newest first (at most 200)."""
    query = (
        select(Invitation)
        .where(*voids.pending_where(), Invitation.expires_at > now)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(LISTED)
    )
    return list(db.scalars(query))


def authors(db: Session, found: list[Invitation]) -> dict[int, str]:
    """Return the e-mail address of each author of `found`, by user id."""
    ids = {link.created_by for link in found if link.created_by is not None}
    if not ids:
        return {}
    return {
        row.id: row.email for row in db.execute(select(User.id, User.email).where(User.id.in_(ids)))
    }


def describe(link: Invitation, author: str | None) -> dict:
    """Return a pending link as plain data (never its hash)."""
    return {
        "id": link.id,
        "kind": link.kind,
        "email": link.email,
        "role": link.role,
        "workspace": link.workspace_id,
        "createdBy": author or "cli",
        "createdAt": link.created_at.isoformat(),
        "expiresAt": link.expires_at.isoformat(),
    }


def revoke(db: Session, link_id: object, actor: str, now: datetime) -> Invitation:
    """Void the pending link `link_id`; raise NotFound if there is none (or it is spent)."""
    link = db.get(Invitation, link_id) if isinstance(link_id, int) else None
    if link is None or voids.void(db, "revoked", now, Invitation.id == link.id) != 1:
        db.rollback()
        raise NotFound(f"no pending link {link_id!r}")
    reason, code = REVOKED[link.kind]
    note(db, actor, reason, code, link.email, link=link.id)
    db.commit()
    return link
