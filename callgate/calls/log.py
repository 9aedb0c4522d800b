"""The console's call log: calls and refused attempts together, newest first, filtered, paged.

A refused attempt is an audit event (a token, connect or call refusal) that never became a
call; a call is a row of `calls` with its WCS session.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from callgate.calls.refusal_kinds import category
from callgate.calls.stats import REFUSED_ACTIONS
from callgate.db.counting import capped_count
from callgate.db.models import MAX_ID, AuditEvent, Button, Call, WcsSession
from callgate.db.scoping import in_workspaces
from callgate.db.visitors import CallExtras
from callgate.routes.pages import UTM_KEYS

OUTCOMES = ("answered", "failed", "in_progress", "refused")
#: Rows fetched at a time when the log is streamed (the CSV export).
STREAM_BATCH = 500


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
    #: The visitor's rating (1-5) and issue tags, when they gave one.
    rating: int | None = None
    tags: tuple[str, ...] = ()
    button_name: str | None = None
    #: Where the call came from: the page's path and its campaign (`utm_*` key -> value).
    page_path: str | None = None
    campaign: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to: buttons (None: those of `workspace_ids`), an outcome, a
    time range, the page path and the campaign calls came from (calls only: a refused attempt
    stored neither)."""

    button_ids: list[str] | None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    workspace_ids: Sequence[int] = ()
    page: str | None = None
    campaign: str | None = None

    def of_buttons(self, column) -> ColumnElement[bool]:
        """Return the condition that `column` names a button these filters take."""
        if self.button_ids is not None:
            return column.in_(self.button_ids)
        return in_workspaces(column, list(self.workspace_ids))


def search(
    db: Session,
    buttons: list[Button],
    filters: Filters,
    offset: int,
    limit: int,
    after: tuple[datetime, str] | None = None,
):
    """Return one page of entries (after the row `after`, else `offset` rows in) and the
    number of all entries the filters match, before and after `after` (calls and attempts
    each counted up to db/counting.CAP + 1)."""
    calls, attempts = _queries(filters, after)
    counted = _queries(filters, None, counting=True)
    total = sum(capped_count(db, q) for q in counted if q is not None)
    if after is None and offset > 0:
        return _offset_page(db, (calls, attempts), offset, limit), total
    rows: list[Entry] = []
    skip = 0 if after else offset
    if calls is not None:
        rows += [_call_entry(*row) for row in db.execute(calls.limit(skip + limit))]
    if attempts is not None:
        rows += [_attempt_entry(*row) for row in db.execute(attempts.limit(skip + limit))]
    rows.sort(key=_order, reverse=True)
    return rows[skip : skip + limit], total


def _offset_page(db: Session, queries: tuple, skip: int, limit: int) -> list[Entry]:
    """Return the page `skip` entries in: the order keys alone are read that far (an index
    walk), merged as the log orders, and only the page's own rows are loaded."""
    calls, attempts = queries
    keys: list[tuple[datetime, str, str]] = []
    if calls is not None:
        light = calls.with_only_columns(Call.created_at, Call.call_id)
        keys += [(at, ref, "call") for at, ref in db.execute(light.limit(skip + limit))]
    if attempts is not None:
        light = attempts.with_only_columns(AuditEvent.at, AuditEvent.id)
        found = db.execute(light.limit(skip + limit))
        keys += [(at, str(number).zfill(10), "attempt") for at, number in found]
    keys.sort(reverse=True)
    page = keys[skip : skip + limit]
    rows: list[Entry] = []
    wanted = [ref for _at, ref, kind in page if kind == "call"]
    if calls is not None and wanted:
        rows += [_call_entry(*row) for row in db.execute(calls.where(Call.call_id.in_(wanted)))]
    numbers = [int(ref) for _at, ref, kind in page if kind == "attempt"]
    if attempts is not None and numbers:
        chosen = attempts.where(AuditEvent.id.in_(numbers))
        rows += [_attempt_entry(*row) for row in db.execute(chosen)]
    return sorted(rows, key=_order, reverse=True)


def _order(entry: Entry) -> tuple[datetime, str]:
    """Return the key the log is ordered by, as the queries order: an attempt's id as a
    number (zero-padded), a call's as text."""
    return entry.at, entry.ref.zfill(10) if entry.kind == "attempt" else entry.ref


def stream(db: Session, filters: Filters, limit: int) -> Iterator[Entry]:
    """Yield up to `limit` entries, newest first, read through server-side cursors."""
    calls, attempts = _queries(filters, None)
    sources: list[Iterator[Entry]] = []
    results = []
    if calls is not None:
        found = db.execute(calls.limit(limit).execution_options(yield_per=STREAM_BATCH))
        results.append(found)
        sources.append(_call_entry(*row) for row in found)
    if attempts is not None:
        events = db.execute(attempts.limit(limit).execution_options(yield_per=STREAM_BATCH))
        results.append(events)
        sources.append(_attempt_entry(*row) for row in events)
    merged = heapq.merge(*sources, key=_order, reverse=True)
    try:
        yield from itertools.islice(merged, limit)
    finally:
        for result in results:
            result.close()


def _queries(filters: Filters, after: tuple[datetime, str] | None, counting: bool = False):
    calls = _calls(filters, after, counting) if filters.outcome != "refused" else None
    by_source = filters.page is not None or filters.campaign is not None
    attempts = None
    if filters.outcome in (None, "refused") and not by_source:
        attempts = _attempts(filters, after)
    return calls, attempts


def calls_query(filters: Filters) -> Select:
    """Return the query of the calls (session, rating, tags) the filters match, newest first."""
    return _calls(filters)


def _ended() -> ColumnElement[bool]:
    return or_(Call.finished_at.is_not(None), WcsSession.closed_at.is_not(None))


def _calls(
    filters: Filters, after: tuple[datetime, str] | None = None, counting: bool = False
) -> Select:
    """Return the calls the filters match, with what a log line shows; when `counting` and no
    outcome is asked, the calls alone (every call has its session: joining it counts none
    more, and would make the database read every session for a filtered count)."""
    query = (
        select(Call, WcsSession, CallExtras.rating, CallExtras.tags, Button.name)
        .join(WcsSession, WcsSession.session_id == Call.session_id)
        .outerjoin(CallExtras, CallExtras.session_id == Call.session_id)
        .outerjoin(Button, Button.id == Call.button_id)
    )
    if counting and filters.outcome is None:
        query = select(Call.call_id)
    query = query.where(filters.of_buttons(Call.button_id))
    if filters.page is not None:
        query = query.where(Call.page_path == filters.page)
    if filters.campaign is not None:
        query = query.where(Call.utm_campaign == filters.campaign)
    if after is not None:
        query = query.where(tuple_(Call.created_at, Call.call_id) < tuple_(*after))
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


def _attempts(filters: Filters, after: tuple[datetime, str] | None = None) -> Select:
    query = select(AuditEvent, Button).outerjoin(Button, Button.id == AuditEvent.button_id)
    query = query.where(
        AuditEvent.outcome == "refused",
        AuditEvent.action.in_(REFUSED_ACTIONS),
        filters.of_buttons(AuditEvent.button_id),
    )
    if after is not None:
        at, ref = after
        # An audit id: a whole number the database's integers hold.
        whole = ref.isascii() and ref.isdigit() and len(ref) <= 10
        number = int(ref) if whole and int(ref) <= MAX_ID else None
        same = AuditEvent.at == at
        tie = and_(same, AuditEvent.id < number) if number is not None else same.is_(False)
        query = query.where(or_(AuditEvent.at < at, tie))
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


def _call_entry(
    call: Call,
    session: WcsSession,
    rating: int | None = None,
    tags: list | None = None,
    name: str | None = None,
) -> Entry:
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
        rating=rating,
        tags=tuple(tags or ()),
        button_name=name,
        page_path=call.page_path,
        campaign={key: value for key in UTM_KEYS if (value := getattr(call, key))},
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
        category=category(event.code, button, event.at),
        button_name=button.name if button else None,
    )
