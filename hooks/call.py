"""The `/call` decision: one call per open, connected session, always to the button's callee."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buttons.store import get_button
from db.models import Button, Call, WcsSession, utcnow
from errors import NotFound, Refused
from guardrails import gate, slots
from hooks.answers import call_answer


def place_call(db: Session, body: dict) -> dict:
    """Return the `/call` answer with the callee forced, or raise Refused.

    A WCS retry of a call already accepted gets the same answer without being counted again:
    its budget and slot were settled when it was first seen.
    """
    session = db.get(WcsSession, body["sessionId"])
    if session is None or session.closed_at is not None:
        raise Refused("no open session")
    try:
        button = get_button(db, session.button_id, enabled_only=True)
    except NotFound:
        raise Refused("button unavailable") from None
    call_id = body.get("callId")
    if not isinstance(call_id, str) or not call_id or len(call_id) > 200:
        raise Refused("missing callId")
    call = db.get(Call, call_id) or _new_call(db, session, button, call_id)
    if call.session_id != session.session_id:
        raise Refused("one call per session")
    return call_answer(body, call.callee, button)


def _new_call(db: Session, session: WcsSession, button: Button, call_id: str) -> Call:
    """Check the button's limits, claim a slot and store the call; raise Refused if refused.

    If a concurrent request stored the same callId first, return its call; if it stored
    another call of this session, free the slot just claimed.
    """
    if db.scalar(select(Call.call_id).where(Call.session_id == session.session_id)):
        raise Refused("one call per session")
    now = utcnow()
    gate.before_call(db, button, now)
    slots.claim(db, button, call_id, now)
    ids = {"call_id": call_id, "session_id": session.session_id, "button_id": button.id}
    call = Call(**ids, callee=button.callee, created_at=now)
    db.add(call)
    try:
        db.commit()
        return call
    except IntegrityError:
        db.rollback()
    existing = db.get(Call, call_id)
    if existing is None:
        slots.release(db, call_id)
        db.commit()
        raise Refused("one call per session")
    return existing
