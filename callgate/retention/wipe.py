"""Apply an erasure's footprint to every table that holds a visitor's data, in the caller's
transaction (retention/erasure.py finds the footprint, audits and commits)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, CursorResult, and_, case, delete, or_, select, update
from sqlalchemy.orm import Session

from callgate.db.alerts import AlertMessage
from callgate.db.integrations import WebhookMessage
from callgate.db.models import AuditEvent, Call, CallEvent, WcsSession
from callgate.db.routes import CallContext
from callgate.db.visitors import CallbackRequest, CallExtras

#: Kinds of rows an erasure reports, in this order.
KINDS = (
    "callback_requests",
    "callback_notes",
    "sessions",
    "call_events",
    "call_reports",
    "call_contexts",
    "audit_rows",
    "webhook_messages",
    "alert_messages",
)


_PLAIN = {"synchronize_session": False}
#: The most values one statement lists (well below SQLite's and PostgreSQL's parameter limits).
CHUNK = 500
T = TypeVar("T")


@dataclass
class Footprint:
    """Where a person's data is: callback requests, texts to blank in notes, WCS sessions,
    calls, further audit rows (about those requests, or the token a session consumed), and the
    jtis of call contexts to blank besides those of the sessions (a token never used)."""

    callbacks: list[int] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    audit_rows: list[int] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)


def _count(db: Session, statement: Any) -> int:
    # An UPDATE or DELETE gives a CursorResult (Session.execute is typed as a plain Result).
    result = cast(CursorResult[Any], db.execute(statement, execution_options=_PLAIN))
    return result.rowcount


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """Yield `values` in slices of at most CHUNK, so no statement holds too many parameters."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def wipe(db: Session, footprint: Footprint, pseudonym: Callable[[], str]) -> dict[str, int]:
    """Delete or blank every row of `footprint`; return how many rows of each kind changed.

    Each session id is replaced by `pseudonym()` in every table that holds it. The statements
    are a handful per CHUNK sessions, calls or rows, never one per row.
    """
    counts = dict.fromkeys(KINDS, 0)
    if footprint.callbacks:
        gone = delete(CallbackRequest).where(CallbackRequest.id.in_(footprint.callbacks))
        counts["callback_requests"] = _count(db, gone)
    if footprint.mentions:
        said = or_(*(CallbackRequest.note.contains(text) for text in footprint.mentions))
        counts["callback_notes"] = _count(db, update(CallbackRequest).where(said).values(note=None))
    # The owner's endpoints got each request as a callback.requested event, and a note's text.
    sent = [_requested(part) for part in chunks(footprint.callbacks)]
    if footprint.mentions:
        sent.append(or_(*(WebhookMessage.body.contains(text) for text in footprint.mentions)))
    for matching in sent:
        counts["webhook_messages"] += _count(db, delete(WebhookMessage).where(matching))
    _alerts(db, footprint, counts)
    _contexts(db, footprint, counts)
    for part in chunks(footprint.sessions):
        _sessions(db, {old: pseudonym() for old in part}, counts)
    holding = or_(AuditEvent.client_ip.is_not(None), AuditEvent.source.is_not(None))
    rows = [AuditEvent.id.in_(part) for part in chunks(footprint.audit_rows)]
    rows += [AuditEvent.call_id.in_(part) for part in chunks(footprint.calls)]
    for row in rows:
        blank = update(AuditEvent).where(row, holding).values(client_ip=None, source=None)
        counts["audit_rows"] += _count(db, blank)
    return counts


def _requested(ids: Sequence[int]) -> ColumnElement[bool]:
    """Match the callback.requested events of the requests `ids`, the number whole or masked
    (outbound/phones.py): their data says `"id":<id>` then a comma or the closing brace."""
    said = [f'"id":{i}{end}' for i in ids for end in ",}"]
    event = WebhookMessage.event_type == "callback.requested"
    return and_(event, or_(*(WebhookMessage.body.contains(text) for text in said)))


def _alerts(db: Session, footprint: Footprint, counts: dict[str, int]) -> None:
    """Delete the owner's alerts about the requests named, and any whose text names a mention
    (their data is the event's: `"id":<id>` then a comma or the closing brace)."""
    found = []
    for part in chunks(footprint.callbacks):
        said = [f'"id":{i}{end}' for i in part for end in ",}"]
        named = or_(*(AlertMessage.data.contains(text) for text in said))
        found.append(and_(AlertMessage.kind == "callback", named))
    if footprint.mentions:
        found.append(or_(*(AlertMessage.data.contains(text) for text in footprint.mentions)))
    for matching in found:
        counts["alert_messages"] += _count(db, delete(AlertMessage).where(matching))


def _contexts(db: Session, footprint: Footprint, counts: dict[str, int]) -> None:
    """Blank the name, page and customer of the contexts named and of the sessions' contexts."""
    jtis = set(footprint.contexts)
    for part in chunks(footprint.sessions):
        jtis.update(db.scalars(select(WcsSession.jti).where(WcsSession.session_id.in_(part))))
    for part in chunks(sorted(jtis)):
        told = update(CallContext).where(CallContext.jti.in_(part))
        counts["call_contexts"] += _count(db, told.values(name=None, page=None, customer=None))


def _sessions(db: Session, new: dict[str, str], counts: dict[str, int]) -> None:
    """Replace each session id by new[id] everywhere; drop its address and its call's reports."""
    old = list(new)
    counts["call_reports"] += _count(db, delete(CallExtras).where(CallExtras.session_id.in_(old)))
    moved = update(WcsSession).where(WcsSession.session_id.in_(old))
    renamed = case(new, value=WcsSession.session_id)
    counts["sessions"] += _count(db, moved.values(session_id=renamed, visitor_ip=None))
    calls = update(Call).where(Call.session_id.in_(old))
    db.execute(calls.values(session_id=case(new, value=Call.session_id)), execution_options=_PLAIN)
    events = update(CallEvent).where(CallEvent.session_id.in_(old))
    renamed = case(new, value=CallEvent.session_id)
    counts["call_events"] += _count(db, events.values(session_id=renamed))
    audit = update(AuditEvent).where(AuditEvent.session_id.in_(old))
    renamed = case(new, value=AuditEvent.session_id)
    counts["audit_rows"] += _count(
        db, audit.values(session_id=renamed, client_ip=None, source=None)
    )
