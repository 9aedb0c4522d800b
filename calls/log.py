"""The console's call log: calls and refused attempts together, newest first, filtered, paged.

A refused attempt is an audit event (a token, connect or call refusal) that never became a
call; a call is a row of `calls` with its WCS session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from audit.explain import category
from calls.stats import REFUSED_ACTIONS
from db.models import AuditEvent, Button, Call, WcsSession

OUTCOMES = ("answered", "failed", "in_progress", "refused")


@dataclass(frozen=True)
class Entry:
    """One line of the log: a call (`ref` is its callId) or a refused attempt (an audit id)."""

    kind: str
    ref: str
    at: datetime
    button_id: str | None
    outcome: str
    origin: str | None = None
    visitor_ip: str | None = None
    talk_seconds: float | None = None
    reason: str | None = None
    category: str | None = None
    final_status: str | None = None
    ended_by: str | None = None


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to: buttons (always), an outcome, a time range."""

    button_ids: list[str]
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(db: Session, buttons: list[Button], filters: Filters, offset: int, limit: int):
    """Return one page of entries and the number of all entries the filters match."""
    known = {b.id: b for b in buttons}
    calls = _calls(filters) if filters.outcome != "refused" else None
    attempts = _attempts(filters) if filters.outcome in (None, "refused") else None
    total, rows = 0, []
    if calls is not None:
        total += db.scalar(select(func.count()).select_from(calls.subquery())) or 0
        rows += [_call_entry(c, s) for c, s in db.execute(calls.limit(offset + limit))]
    if attempts is not None:
        total += db.scalar(select(func.count()).select_from(attempts.subquery())) or 0
        events = db.scalars(attempts.limit(offset + limit))
        rows += [_attempt_entry(e, known.get(e.button_id or "")) for e in events]
    rows.sort(key=lambda entry: (entry.at, entry.ref), reverse=True)
    return rows[offset : offset + limit], total


def _ended() -> ColumnElement[bool]:
    return or_(Call.finished_at.is_not(None), WcsSession.closed_at.is_not(None))


def _calls(filters: Filters) -> Select:
    query = select(Call, WcsSession).join(WcsSession, WcsSession.session_id == Call.session_id)
    query = query.where(Call.button_id.in_(filters.button_ids))
    if filters.since:
        query = query.where(Call.created_at >= filters.since)
    if filters.until:
        query = query.where(Call.created_at < filters.until)
    ended, answered = _ended(), Call.established_at.is_not(None)
    outcome = {
        "answered": and_(answered, ended),
        "failed": and_(~answered, ended),
        "in_progress": ~ended,
    }.get(filters.outcome or "")
    if outcome is not None:
        query = query.where(outcome)
    return query.order_by(Call.created_at.desc(), Call.call_id.desc())


def _attempts(filters: Filters) -> Select:
    query = select(AuditEvent).where(
        AuditEvent.outcome == "refused",
        AuditEvent.action.in_(REFUSED_ACTIONS),
        AuditEvent.button_id.in_(filters.button_ids),
    )
    if filters.since:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.at < filters.until)
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def outcome_of(call: Call, session: WcsSession | None) -> str:
    """Return answered, failed or in_progress for a call."""
    ended = call.finished_at is not None or (session is not None and session.closed_at is not None)
    if not ended:
        return "in_progress"
    return "answered" if call.established_at is not None else "failed"


def _call_entry(call: Call, session: WcsSession) -> Entry:
    return Entry(
        kind="call",
        ref=call.call_id,
        at=call.created_at,
        button_id=call.button_id,
        outcome=outcome_of(call, session),
        origin=session.origin,
        visitor_ip=session.visitor_ip,
        talk_seconds=call.talk_seconds,
        final_status=call.final_status,
        ended_by=call.ended_by,
    )


def _attempt_entry(event: AuditEvent, button: Button | None) -> Entry:
    return Entry(
        kind="attempt",
        ref=str(event.id),
        at=event.at,
        button_id=event.button_id,
        outcome="refused",
        origin=event.origin,
        visitor_ip=event.client_ip,
        reason=event.reason,
        category=category(event.reason, button, event.at),
    )
