"""The `/call` decision: one call per open, connected session, always to the button's callee."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buttons.store import get_button
from db.models import Call, WcsSession, utcnow
from errors import Forbidden, NotFound
from guardrails import gate
from hooks.answers import call_answer


def place_call(db: Session, body: dict) -> dict:
    """Return the `/call` answer with the callee forced, or raise Forbidden."""
    session = db.get(WcsSession, body["sessionId"])
    if session is None or session.closed_at is not None:
        raise Forbidden("no open session")
    try:
        button = get_button(db, session.button_id, enabled_only=True)
    except NotFound:
        raise Forbidden("button unavailable") from None
    gate.before_call(db, button, utcnow())
    call_id = body.get("callId")
    if not isinstance(call_id, str) or not call_id or len(call_id) > 200:
        raise Forbidden("missing callId")
    db.add(
        Call(
            call_id=call_id,
            session_id=session.session_id,
            button_id=button.id,
            callee=button.callee,
        )
    )
    try:
        db.commit()
        return call_answer(body, button.callee)
    except IntegrityError:
        db.rollback()
    existing = db.get(Call, call_id)
    if existing is None or existing.session_id != session.session_id:
        raise Forbidden("one call per session")
    return call_answer(body, existing.callee)
