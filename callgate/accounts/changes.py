"""Audit rows for account changes: who (the actor) did what to whom, in the change's transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callgate.audit.trail import add

ACTION = "account"


def note(db: Session, actor: str | None, reason: str, email: str, **details: object) -> None:
    """Add the row of one account change to the caller's transaction (it commits both)."""
    add(db, ACTION, "done", reason, actor=actor, details={"user": email, **details})
