"""Concurrent calls per button: numbered slots in `call_slots`, one per call, claimed atomically.

The primary key `(button_id, slot)` decides races between workers and machines: two calls that
try the same slot number cannot both insert it. A slot expires at the call's start plus the
button's max duration plus MARGIN, so a lost FINISH frees its slot by itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Button, CallSlot
from errors import Refused

MARGIN = timedelta(seconds=60)


class TooManyCalls(Refused):
    """Every slot of the button is held by a call in progress."""

    code = "too_many_calls"


def claim(db: Session, button: Button, call_id: str, now: datetime) -> int:
    """Return the slot held by `call_id`, claiming a free one if needed; raise TooManyCalls."""
    held = _held_by(db, call_id)
    if held is not None:
        return held
    db.execute(delete(CallSlot).where(CallSlot.button_id == button.id, CallSlot.expires_at <= now))
    db.commit()
    taken = set(db.scalars(select(CallSlot.slot).where(CallSlot.button_id == button.id)))
    if len(taken) < button.max_concurrent:
        expires = now + timedelta(seconds=button.max_duration) + MARGIN
        for number in (n for n in range(button.max_concurrent) if n not in taken):
            db.add(CallSlot(button_id=button.id, slot=number, call_id=call_id, expires_at=expires))
            try:
                db.commit()
                return number
            except IntegrityError:
                db.rollback()
            # Lost the race for this number, or a retry of the same call won elsewhere.
            held = _held_by(db, call_id)
            if held is not None:
                return held
    raise TooManyCalls("too many calls", button_id=button.id)


def release(db: Session, call_id: str) -> None:
    """Free the slot `call_id` holds, if any; the caller commits."""
    db.execute(delete(CallSlot).where(CallSlot.call_id == call_id))


def active(db: Session, now: datetime) -> int:
    """Return how many slots calls hold at `now`, over every button (expired ones not counted)."""
    count = db.scalar(select(func.count()).select_from(CallSlot).where(CallSlot.expires_at > now))
    return count or 0


def _held_by(db: Session, call_id: str) -> int | None:
    return db.scalar(select(CallSlot.slot).where(CallSlot.call_id == call_id))


def all_taken(db: Session, button: Button, now: datetime) -> bool:
    """Tell whether every slot of `button` is held by a call that has not expired at `now`."""
    held = db.scalars(
        select(CallSlot.slot).where(CallSlot.button_id == button.id, CallSlot.expires_at > now)
    ).all()
    return len(held) >= button.max_concurrent
