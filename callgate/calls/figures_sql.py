"""The overview's figures counted by the database: GROUP BY queries over indexed columns.

Each call row counts as placed, answered (ESTABLISHED), failed (ended unanswered) and its talk
time, as calls/stats.py and guardrails/budget.py define them, written as SQL expressions;
refusals are counted per day and code, then named by category (calls/refusal_kinds.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, Text, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from callgate.db.models import AuditEvent, Button, Call, UTCDateTime, WcsSession

REFUSED_ACTIONS = ("token", "connect", "call")
#: (key, placed, answered, failed, talk seconds) of one group of calls.
CallRow = tuple[object, int, int, int, float]


def day_of(db: Session, column: object) -> ColumnElement:
    """Return the UTC day of a stored instant (a date on PostgreSQL, 'YYYY-MM-DD' on SQLite)."""
    return func.date(column)


def as_date(value: object) -> date:
    """Return the day a `day_of` column gave as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _seconds(db: Session, later: Any, earlier: Any) -> ColumnElement:
    if db.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    # Whole seconds, then the stored microseconds ('YYYY-MM-DD HH:MM:SS.ffffff'), exactly.
    whole = cast(func.strftime("%s", later), Integer) - cast(func.strftime("%s", earlier), Integer)
    micro = cast(func.substr(later, 21, 6), Integer) - cast(func.substr(earlier, 21, 6), Integer)
    return whole + micro / 1e6


def _closed_at() -> ColumnElement:
    """Return the call's session's end, looked up by key only for the calls that need it."""
    found = select(WcsSession.closed_at).where(WcsSession.session_id == Call.session_id)
    return found.scalar_subquery()


def talk(db: Session, now: datetime) -> ColumnElement:
    """Return a call's talk seconds at `now`, as guardrails/budget.talk_seconds says."""
    at_now = literal(now, UTCDateTime())
    closed = _closed_at()
    end = case((and_(closed.is_not(None), closed < at_now), closed), else_=at_now)
    running = _seconds(db, end, Call.established_at)
    return case(
        (Call.finished_at.is_not(None), func.coalesce(Call.talk_seconds, 0.0)),
        (Call.established_at.is_(None), 0.0),
        (running > 0, running),
        else_=0.0,
    )


def _in_scope(query: Select, workspace_ids: Sequence[int] | None, column) -> Select:
    query = query.join(Button, Button.id == column)
    return query if workspace_ids is None else query.where(Button.workspace_id.in_(workspace_ids))


def call_groups(
    db: Session, key, workspace_ids: Sequence[int] | None, since: datetime, now: datetime
) -> list[CallRow]:
    """Return the figures of the calls placed since `since`, grouped by the column `key`."""
    answered = Call.established_at.is_not(None)
    failed = case(
        (answered, 0), (Call.finished_at.is_not(None), 1), (_closed_at().is_not(None), 1), else_=0
    )
    query = select(
        key,
        func.count(),
        func.sum(cast(case((answered, 1), else_=0), Integer)),
        func.sum(cast(failed, Integer)),
        func.sum(talk(db, now)),
    ).select_from(Call)
    query = _in_scope(query, workspace_ids, Call.button_id).where(Call.created_at >= since)
    rows = db.execute(query.group_by(key))
    return [(k, n, int(a or 0), int(f or 0), float(t or 0.0)) for k, n, a, f, t in rows]


def refusals(db: Session, workspace_ids: Sequence[int] | None, since: datetime) -> Select:
    """Return the refused attempts since `since` of the buttons in scope (no columns yet)."""
    query = select().select_from(AuditEvent)
    query = _in_scope(query, workspace_ids, AuditEvent.button_id)
    return query.where(
        AuditEvent.outcome == "refused",
        AuditEvent.action.in_(REFUSED_ACTIONS),
        AuditEvent.at >= since,
    )


def with_holidays() -> ColumnElement[bool]:
    """Return whether a button has any holiday set (its JSON list is not empty)."""
    return func.length(cast(Button.holidays, Text)) > 2


def day_usage(db: Session, days: dict[str, tuple[datetime, datetime]], now: datetime):
    """Return {button id: (calls, talk seconds)} of the calls each button placed in its day
    (start, end), in one grouped query."""
    if not days:
        return {}
    within = [
        and_(Call.button_id == button_id, Call.created_at >= start, Call.created_at < end)
        for button_id, (start, end) in days.items()
    ]
    query = (
        select(Call.button_id, func.count(), func.sum(talk(db, now)))
        .where(or_(*within))
        .group_by(Call.button_id)
    )
    return {str(b): (int(n), float(t or 0.0)) for b, n, t in db.execute(query)}
