"""Record WCS status events and hangups once each, and keep call timings up to date."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from callgate.calls.talk import TERMINAL, apply_call_status, locked_call
from callgate.db.fit import cut, fits
from callgate.db.models import Button, Call, CallEvent, WcsSession, utcnow
from callgate.db.statements import insert_new
from callgate.errors import InvalidInput
from callgate.guardrails import slots

log = logging.getLogger(__name__)

#: Who ended a call, in the call log; the watchdog writes its own (calls/watchdog.py).
VISITOR, CALLEE = "visitor", "callee"
CLOSING = {"DISCONNECTED", "FAILED"}


def record_event(db: Session, method: str, body: dict, digest: str | None = None) -> bool:
    """Store one event of a known session; return False for duplicates and unknown sessions.

    `digest` identifies the signed body: a hangup whose body is, byte for byte, a status event
    already received for its call is a replay and frees nothing. Raises InvalidInput for a
    `status` or `callId` that is not a short string.
    """
    session = db.get(WcsSession, body["sessionId"])
    if session is None:
        log.info("%s for unknown session ignored", method)
        return False
    status = _field(body, "status", CallEvent.status) or (
        "HANGUP" if method == "hangup" else "UNKNOWN"
    )
    call_id = _field(body, "callId", CallEvent.call_id) or ""
    # Read before the INSERT below takes SQLite's write lock, which is held to the commit, and
    # held here: the session keeps rows weakly, and the call's budget and webhooks look it up.
    button = db.get(Button, session.button_id) if call_id and method == "CallStatusEvent" else None
    now = utcnow()
    fresh = insert_new(
        db,
        CallEvent,
        session_id=session.session_id,
        call_id=call_id,
        method=method,
        status=status,
        info=cut(CallEvent.info, body.get("info")),
        digest=digest,
        at=now,
    )
    if not fresh:
        db.rollback()
        return False
    call = locked_call(db, call_id) if call_id else None
    if call is not None and call.session_id != session.session_id:
        call = None
    if method == "ConnectionStatusEvent":
        _apply_connection(session, status, now)
        call = db.scalar(select(Call).where(Call.session_id == session.session_id))
    if call is not None:
        _note_who_ended(call, method, status, body.get("info"))
    if method == "CallStatusEvent" and call is not None:
        apply_call_status(db, call, status, now)
    if call is not None and _frees_slot(method, status) and _ends(db, call, method, digest):
        slots.release(db, call.call_id)
    db.commit()
    del button
    return True


def _field(body: dict, name: str, column: InstrumentedAttribute) -> str | None:
    """Return the body's `name` if it is a string that fits `column`; raise InvalidInput."""
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not fits(column, value):
        raise InvalidInput(f"bad {name}", reason="bad_field", params={"field": name})
    return value


def _apply_connection(session: WcsSession, status: str, at: datetime) -> None:
    session.status = status
    if status in CLOSING and session.closed_at is None:
        session.closed_at = at


def _frees_slot(method: str, status: str) -> bool:
    """Tell whether the event ends the call: a terminal status, a hangup, a closed session."""
    if method == "CallStatusEvent":
        return status in TERMINAL
    if method == "ConnectionStatusEvent":
        return status in CLOSING
    return method == "hangup"


def who_ended(method: str, status: str, info: object = None) -> str | None:
    """Return who ended a call, as the call log says it, if this event ends one."""
    if method == "hangup":
        return VISITOR
    if method == "ConnectionStatusEvent":
        return {"DISCONNECTED": "visitor disconnected", "FAILED": "network failure"}.get(status)
    if method != "CallStatusEvent" or status not in TERMINAL:
        return None
    if status == "FAILED":
        detail = f": {info}" if isinstance(info, str) and info else ""
        return cut(Call.ended_by, f"failure{detail}")
    return CALLEE if status == "FINISH" else "callee busy"


def _note_who_ended(call: Call, method: str, status: str, info: object) -> None:
    """Record the first event that ended `call`; a late hangup still names the visitor."""
    if call.finished_at is not None and method != "hangup":
        return
    who = who_ended(method, status, info)
    # WCS reports FINISH after a hangup too; if a retried hangup comes in after it, it wins.
    if who and (call.ended_by is None or (who == VISITOR and call.ended_by == CALLEE)):
        call.ended_by = who


def _ends(db: Session, call: Call, method: str, digest: str | None) -> bool:
    """Tell whether the event may end `call`: a hangup only of a call in progress, not replayed."""
    if method != "hangup":
        return True
    if call.finished_at is not None:
        return False
    replayed = select(CallEvent.id).where(
        CallEvent.session_id == call.session_id,
        CallEvent.call_id == call.call_id,
        CallEvent.method != "hangup",
        CallEvent.digest == digest,
    )
    return digest is None or db.scalar(replayed.limit(1)) is None
