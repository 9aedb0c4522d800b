"""Read the call log: sessions, calls and their status history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.db.models import Call, CallEvent, WcsSession
from callgate.db.visitors import CallExtras
from callgate.visitors.consent import consent_of
from callgate.visitors.reports import describe_extras


def list_calls(db: Session, button_id: str | None = None, limit: int = 100) -> list[dict]:
    """Return the newest calls first, each with its session facts and status history."""
    query = select(Call, WcsSession).join(WcsSession, WcsSession.session_id == Call.session_id)
    if button_id:
        query = query.where(Call.button_id == button_id)
    rows = db.execute(query.order_by(Call.created_at.desc()).limit(limit)).all()
    return [_describe(db, call, session) for call, session in rows]


def _extras(db: Session, session: WcsSession) -> dict:
    """Return what the widget reported about the session's call, and the consent given for it."""
    extras = db.get(CallExtras, session.session_id)
    return describe_extras(extras, consent_of(db, session, extras))


def _describe(db: Session, call: Call, session: WcsSession) -> dict:
    """Return one call: its times and outcome, what the widget reported, its status history."""
    events = db.scalars(
        select(CallEvent)
        .where(CallEvent.session_id == call.session_id, CallEvent.call_id == call.call_id)
        .order_by(CallEvent.at, CallEvent.id)
    )
    return {
        "callId": call.call_id,
        "buttonId": call.button_id,
        "sessionId": call.session_id,
        "origin": session.origin,
        "visitorIp": session.visitor_ip,
        "startedAt": call.created_at.isoformat(),
        "establishedAt": call.established_at.isoformat() if call.established_at else None,
        "finishedAt": call.finished_at.isoformat() if call.finished_at else None,
        "finalStatus": call.final_status,
        "talkSeconds": call.talk_seconds,
        "endedBy": call.ended_by,
        **_extras(db, session),
        "statuses": [
            {"event": e.method, "status": e.status, "at": e.at.isoformat(), "info": e.info}
            for e in events
        ],
    }
