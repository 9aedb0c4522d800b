"""Record WCS status events and hangups once each, and keep call timings up to date."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Call, CallEvent, WcsSession, utcnow
from guardrails import slots

log = logging.getLogger(__name__)

TERMINAL = {"FINISH", "FAILED", "BUSY"}
CLOSING = {"DISCONNECTED", "FAILED"}


def record_event(db: Session, method: str, body: dict) -> bool:
    """Store one event of a known session; return False for duplicates and unknown sessions."""
    session = db.get(WcsSession, body["sessionId"])
    if session is None:
        log.info("%s for unknown session ignored", method)
        return False
    status = _short(body.get("status")) or ("HANGUP" if method == "hangup" else "UNKNOWN")
    call_id = _short(body.get("callId")) or ""
    event = CallEvent(
        session_id=session.session_id,
        call_id=call_id,
        method=method,
        status=status,
        info=_short(body.get("info"), 500),
        at=utcnow(),
    )
    db.add(event)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        return False
    call = db.get(Call, call_id) if call_id else None
    if call is not None and call.session_id != session.session_id:
        call = None
    if method == "ConnectionStatusEvent":
        _apply_connection(session, status, event)
        call = db.scalar(select(Call).where(Call.session_id == session.session_id))
    elif method == "CallStatusEvent" and call is not None:
        _apply_call(call, status, event)
    if call is not None and _frees_slot(method, status):
        slots.release(db, call.call_id)
    db.commit()
    return True


def _short(value: object, limit: int = 200) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def _apply_connection(session: WcsSession, status: str, event: CallEvent) -> None:
    session.status = status
    if status in CLOSING and session.closed_at is None:
        session.closed_at = event.at


def _frees_slot(method: str, status: str) -> bool:
    """Tell whether the event ends the call: a terminal status, a hangup, a closed session."""
    if method == "CallStatusEvent":
        return status in TERMINAL
    if method == "ConnectionStatusEvent":
        return status in CLOSING
    return method == "hangup"


def _apply_call(call: Call, status: str, event: CallEvent) -> None:
    """Set ESTABLISHED and terminal times; the first of each wins, whatever the order."""
    if status == "ESTABLISHED" and call.established_at is None:
        call.established_at = event.at
    if status in TERMINAL:
        finish_call(call, status, event.at)
    _update_talk(call)


def finish_call(call: Call, status: str, at: datetime) -> None:
    """Record the call's first terminal status and its time; later ones change nothing."""
    if call.finished_at is None:
        call.finished_at, call.final_status = at, status
    _update_talk(call)


def _update_talk(call: Call) -> None:
    if call.established_at and call.finished_at:
        call.talk_seconds = max(0.0, (call.finished_at - call.established_at).total_seconds())
