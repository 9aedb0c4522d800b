"""Voiding one-time links before their time: a newer link, a password change, their author gone.

Each void is one UPDATE of the pending links it matches, in the caller's transaction; a voided
link keeps its row (and says why) so the console and the CLI can tell its holder what happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from callgate.db.accounts import Invitation

REASONS = ("superseded", "revoked", "password_changed", "author_gone")


def pending_where() -> tuple[ColumnElement[bool], ...]:
    """Return the conditions of a link neither used nor voided (expiry aside)."""
    return Invitation.used_at.is_(None), Invitation.voided_at.is_(None)


def void(db: Session, reason: str, now: datetime, *conditions: ColumnElement[bool]) -> int:
    """Void the pending links matching `conditions` for `reason`; return how many."""
    assert reason in REASONS, reason
    result = cast(
        CursorResult[Any],
        db.execute(
            update(Invitation)
            .where(*pending_where(), *conditions)
            .values(voided_at=now, void_reason=reason)
            # Links this session already loaded see the void too.
            .execution_options(synchronize_session="fetch")
        ),
    )
    return result.rowcount


def for_person(db: Session, email: str, kind: str, reason: str, now: datetime) -> int:
    """Void the pending links of `kind` for `email` (a newer one, or a password change)."""
    return void(db, reason, now, Invitation.email == email.lower(), Invitation.kind == kind)


def by_author(db: Session, author_id: int, now: datetime) -> int:
    """Void the pending links `author_id` made (they were disabled or are no longer admin)."""
    return void(db, "author_gone", now, Invitation.created_by == author_id)
