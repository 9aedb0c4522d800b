"""The checks a button must pass before a token is issued and before a call is placed.

Each check raises a CallgateError subclass with a machine-readable `code`; the faces turn it
into the API's or the hook's error shape.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from callgate.db.models import Button
from callgate.guardrails import budget, killswitch, opening


def before_token(db: Session, button: Button, now: datetime) -> None:
    """Raise if `button` may not hand out a call token at `now`."""
    killswitch.ensure_off(db, button)
    opening.ensure_open(button, now)
    budget.check(db, button, now)


def before_overflow(db: Session, button: Button, now: datetime) -> None:
    """Raise if `button` may not hand out an overflow leg's token at `now`: the leg belongs
    to an attempt that spent its budget unit already (routes/overflow.py)."""
    killswitch.ensure_off(db, button)
    opening.ensure_open(button, now)


def before_connect(db: Session, button: Button, now: datetime) -> None:
    """Raise if a WCS session for `button` may not be connected at `now`."""
    killswitch.ensure_off(db, button)
    opening.ensure_open(button, now)


def before_call(db: Session, button: Button, now: datetime, *, leg: bool = False) -> None:
    """Raise if `button` may not place a call at `now` (slots are claimed separately); an
    overflow `leg` spends no budget of its own, so its budget is not checked again."""
    killswitch.ensure_off(db, button)
    opening.ensure_open(button, now)
    if not leg:
        budget.check(db, button, now)
