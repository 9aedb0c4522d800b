"""Concurrent calls per button: numbered slots in `call_slots`, one per call, claimed atomically.

The primary key `(button_id, slot)` decides races between workers and machines: two calls that
try the same slot number cannot both insert it. A slot expires at the call's start plus the
button's max duration plus MARGIN, so a lost FINISH frees its slot by itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from callgate.db.models import Button, CallSlot
from callgate.db.statements import insert_new
from callgate.errors import Refused

MARGIN = timedelta(seconds=60)


class TooManyCalls(Refused):
    """Every slot of the button is held by a call in progress."""

    code = "too_many_calls"


def claim(db: Session, button: Button, call_id: str, now: datetime) -> int:
    """Return the slot held by `call_id`, claiming a free one if needed; raise TooManyCalls.

    Runs inside the caller's transaction (the caller commits): each free number is tried with
    INSERT … ON CONFLICT DO NOTHING, so a number another call took meanwhile is skipped.
    """
    # One read: the slot this call holds (a WCS retry), and the button's slots.
    rows = db.execute(
        select(CallSlot.slot, CallSlot.call_id, CallSlot.expires_at).where(
            or_(CallSlot.button_id == button.id, CallSlot.call_id == call_id)
        )
    ).all()
    held = next((row.slot for row in rows if row.call_id == call_id), None)
    if held is not None:
        return held
    if any(row.expires_at <= now for row in rows):
        ended = (CallSlot.button_id == button.id, CallSlot.expires_at <= now)
        db.execute(delete(CallSlot).where(*ended))
    taken = {row.slot for row in rows if row.expires_at > now}
    expires = now + timedelta(seconds=button.max_duration) + MARGIN
    # Calls in slots above a lowered limit still count.
    free = range(button.max_concurrent) if len(taken) < button.max_concurrent else ()
    for number in (n for n in free if n not in taken):
        values = {"button_id": button.id, "slot": number, "call_id": call_id}
        if insert_new(db, CallSlot, **values, expires_at=expires):
            return number
    raise TooManyCalls("too many calls", button_id=button.id)


def release(db: Session, call_id: str) -> None:
    """Free the slot `call_id` holds, if any; the caller commits."""
    db.execute(delete(CallSlot).where(CallSlot.call_id == call_id))


def active(db: Session, now: datetime) -> int:
    """Return how many slots calls hold at `now`, over every button (expired ones not counted)."""
    count = db.scalar(select(func.count()).select_from(CallSlot).where(CallSlot.expires_at > now))
    return count or 0


def all_taken(db: Session, button: Button, now: datetime) -> bool:
    """Tell whether every slot of `button` is held by a call that has not expired at `now`."""
    held = db.scalars(
        select(CallSlot.slot).where(CallSlot.button_id == button.id, CallSlot.expires_at > now)
    ).all()
    return len(held) >= button.max_concurrent
