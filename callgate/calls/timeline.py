"""A call's story for the console: token, connect, call, statuses, end, and who ended it.

Built from the call row, its WCS session, the stored status events and the audit trail. The
token decision carries no session id, so it is matched by button, visitor network and time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from callgate.db.ids import plain_id
from callgate.db.models import MAX_ID, AuditEvent, Call, CallEvent, WcsSession
from callgate.errors import NotFound

#: How long before its session opened a token decision may have been made for it.
TOKEN_WINDOW = timedelta(minutes=2)


@dataclass(frozen=True)
class Step:
    """One thing that happened: what (`token`, `connect`, a status event…), details, outcome."""

    at: datetime
    what: str
    detail: str | None
    outcome: str  # "allowed", "refused", "done" or "event"
    #: An audit step's details (its reason's code and values, audit/trail.py), for the console.
    details: dict | None = None


@dataclass(frozen=True)
class Story:
    """A call, its session, the steps in time order, and who ended it (a code)."""

    call: Call
    session: WcsSession | None
    steps: list[Step]
    ended_by: str | None


def call_story(db: Session, call_id: str) -> Story:
    """Return the story of the call `call_id`; raise NotFound."""
    call = db.get(Call, call_id) if plain_id(call_id) else None
    if call is None:
        raise NotFound(f"no call {call_id[:200]!r}")
    session = db.get(WcsSession, call.session_id)
    steps = _audit_steps(db, call, session) + _event_steps(db, call)
    if call.finished_at is not None:
        steps.append(Step(call.finished_at, "end", call.final_status, "done"))
    steps.sort(key=lambda step: step.at)
    return Story(call, session, steps, ended_by(call, session, steps))


def _audit_steps(db: Session, call: Call, session: WcsSession | None) -> list[Step]:
    query = select(AuditEvent).where(
        or_(AuditEvent.session_id == call.session_id, AuditEvent.call_id == call.call_id)
    )
    events = list(db.scalars(query.order_by(AuditEvent.at, AuditEvent.id)))
    token = _token_event(db, call, session)
    return [
        Step(e.at, e.action, e.reason, e.outcome, e.details)
        for e in ([token] if token else []) + events
    ]


def _token_event(db: Session, call: Call, session: WcsSession | None) -> AuditEvent | None:
    if session is None:
        return None
    query = (
        select(AuditEvent)
        .where(
            AuditEvent.action == "token",
            AuditEvent.outcome == "allowed",
            AuditEvent.button_id == call.button_id,
            AuditEvent.client_ip == session.visitor_ip,
            AuditEvent.at <= session.opened_at,
            AuditEvent.at >= session.opened_at - TOKEN_WINDOW,
        )
        .order_by(AuditEvent.at.desc())
    )
    return db.scalars(query.limit(1)).first()


def _event_steps(db: Session, call: Call) -> list[Step]:
    query = select(CallEvent).where(CallEvent.session_id == call.session_id)
    return [
        Step(e.at, e.method, e.status if not e.info else f"{e.status}: {e.info}", "event")
        for e in db.scalars(query.order_by(CallEvent.at, CallEvent.id))
    ]


def ended_by(call: Call, session: WcsSession | None, steps: list[Step]) -> str | None:
    """Return who ended the call: `visitor`, `remote`, `failed`, `disconnected`, the stored
    reason (e.g. the watchdog's), or None while it goes on."""
    if call.ended_by:
        return call.ended_by
    if any(step.what == "hangup" for step in steps):
        return "visitor"
    if call.final_status == "FINISH":
        return "remote"
    if call.final_status in ("FAILED", "BUSY"):
        return "failed"
    if session is not None and session.closed_at is not None:
        return "disconnected"
    return None


def attempt(db: Session, event_id: str) -> AuditEvent:
    """Return the refused attempt (a refused token, connect or call decision); raise NotFound."""
    whole = event_id.isascii() and event_id.isdigit() and int(event_id) <= MAX_ID
    event = db.get(AuditEvent, int(event_id)) if whole else None
    if (
        event is None
        or event.outcome != "refused"
        or event.action not in ("token", "connect", "call")
    ):
        raise NotFound(f"no refused attempt {event_id!r}")
    return event
