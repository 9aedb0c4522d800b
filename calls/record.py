"""Record WCS status events and hangups once each, and keep call timings up to date."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Call, CallEvent, WcsSession, utcnow

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
    if method == "ConnectionStatusEvent":
        _apply_connection(session, status, event)
    elif method == "CallStatusEvent":
        _apply_call(db.get(Call, call_id), session, status, event)
    db.commit()
    return True


def _short(value: object, limit: int = 200) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def _apply_connection(session: WcsSession, status: str, event: CallEvent) -> None:
    session.status = status
    if status in CLOSING and session.closed_at is None:
        session.closed_at = event.at


def _apply_call(call: Call | None, session: WcsSession, status: str, event: CallEvent) -> None:
    """Set ESTABLISHED and terminal times; the first of each wins, whatever the order."""
    if call is None or call.session_id != session.session_id:
        return
    if status == "ESTABLISHED" and call.established_at is None:
        call.established_at = event.at
    if status in TERMINAL and call.finished_at is None:
        call.finished_at = event.at
        call.final_status = status
    if call.established_at and call.finished_at:
        call.talk_seconds = max(0.0, (call.finished_at - call.established_at).total_seconds())
