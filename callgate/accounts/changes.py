"""Audit rows for account changes: who (the actor) did what to whom, in the change's transaction.

Each row's reason is English for `flask audit list`, and apart from it a code (with the
account's address as `who`) that the console says in its language (audit/say.py).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from callgate.audit.say import said
from callgate.audit.trail import add

ACTION = "account"


def note(
    db: Session, actor: str | None, reason: str, code: str, email: str, **details: object
) -> None:
    """Add the row of one account change, said by `code`, to the caller's transaction (it
    commits both)."""
    facts = {"user": email, **details, **said(code, who=email)}
    add(db, ACTION, "done", reason, actor=actor, details=facts)
