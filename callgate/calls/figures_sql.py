"""The overview's figures counted by the database: GROUP BY queries over indexed columns.

Each call row counts as placed, answered (ESTABLISHED), failed (ended unanswered) and its talk
time, as calls/stats.py and guardrails/budget.py define them, written as SQL expressions;
the calls of the buttons in scope are counted per day, and per button then joined to the
buttons (refusals: calls/refusal_figures.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Integer, Text, and_, case, cast, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from callgate.db.models import Button, Call, UTCDateTime, WcsSession

#: Constants written into the statement (not bound), so every database types them as integers.
ONE: ColumnElement[int] = literal_column("1")
ZERO: ColumnElement[int] = literal_column("0")


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


def closed_at() -> ColumnElement:
    """Return the call's session's end, looked up by key only for the calls that need it."""
    found = select(WcsSession.closed_at).where(WcsSession.session_id == Call.session_id)
    return found.scalar_subquery()


def talk(db: Session, now: datetime) -> ColumnElement:
    """Return a call's talk seconds at `now`, as guardrails/budget.talk_seconds says.

    The session is named once (its end, or now if later or none), so the database looks it up
    once per call in progress and plans the statement at its real cost.
    """
    postgres = db.get_bind().dialect.name == "postgresql"
    least, greatest = (func.least, func.greatest) if postgres else (func.min, func.max)
    at_now = literal(now, UTCDateTime())
    end = least(func.coalesce(closed_at(), at_now), at_now)
    running = greatest(_seconds(db, end, Call.established_at), 0.0)
    return case(
        (Call.finished_at.is_not(None), func.coalesce(Call.talk_seconds, 0.0)),
        (Call.established_at.is_(None), 0.0),
        else_=running,
    )


def scoped(column: Any, workspace_ids: Sequence[int] | None) -> ColumnElement[bool]:
    """Return whether the button id in `column` names an existing button of `workspace_ids`
    (None: of any workspace), as a semi-join the database probes by hash or index."""
    buttons = select(Button.id)
    if workspace_ids is not None:
        buttons = buttons.where(Button.workspace_id.in_(list(workspace_ids)))
    return column.in_(buttons)


def call_sums(db: Session, now: datetime, when: ColumnElement[bool] | None = None) -> list:
    """Return the placed, answered, failed and talk-seconds sums of a group of calls at `now`,
    counting only the calls for which `when` holds (all if None)."""
    answered = Call.established_at.is_not(None)
    # A CASE, not an OR: the session is looked up only for the calls not answered nor finished.
    failed = case(
        (answered, ZERO),
        (Call.finished_at.is_not(None), ONE),
        (closed_at().is_not(None), ONE),
        else_=ZERO,
    )
    parts: list[ColumnElement] = [ONE, case((answered, ONE), else_=ZERO), failed]
    if when is not None:
        parts = [case((when, part), else_=ZERO) for part in parts]
        return [func.sum(part) for part in parts] + [func.sum(case((when, talk(db, now))))]
    return [func.count(), func.sum(parts[1]), func.sum(parts[2]), func.sum(talk(db, now))]


def placed_since(since: datetime, also: Sequence[str] = ()) -> ColumnElement[bool]:
    """Return whether a call was placed since `since`, or is one of the calls `also` names
    (each side served by its own index)."""
    recent = Call.created_at >= since
    return or_(recent, Call.call_id.in_(list(also))) if also else recent


def calls_by_day(db: Session, workspace_ids: Sequence[int] | None, since: datetime, now: datetime):
    """Return (UTC day, placed, answered, failed, talk seconds) of the calls of the buttons in
    scope placed since `since`, one row per day."""
    day = day_of(db, Call.created_at)
    query = select(day, *call_sums(db, now)).where(
        Call.created_at >= since, scoped(Call.button_id, workspace_ids)
    )
    return [(as_date(d), *figures(sums)) for d, *sums in db.execute(query.group_by(day))]


def calls_by_button(
    db: Session, workspace_ids: Sequence[int] | None, since: datetime, split: datetime, now
):
    """Return (button id, workspace id, figures since `since`, figures since `split`) of each
    button in scope with calls since `since`: grouped first, then joined to the buttons."""
    sums = call_sums(db, now) + call_sums(db, now, Call.created_at >= split)
    query = select(Call.button_id.label("key"), *sums).where(Call.created_at >= since)
    joined = with_workspace(query.group_by(Call.button_id).subquery(), workspace_ids)
    return [
        (key, space, figures(sums[:4]), figures(sums[4:]))
        for key, *sums, space in db.execute(joined)
    ]


def with_workspace(grouped: Any, workspace_ids: Sequence[int] | None) -> Select:
    """Return the rows of `grouped` (a subquery keyed by button id in its `key` column) joined
    to their existing buttons in scope, each with its button's workspace id last."""
    joined = select(grouped, Button.workspace_id).join(Button, Button.id == grouped.c.key)
    if workspace_ids is not None:
        joined = joined.where(Button.workspace_id.in_(list(workspace_ids)))
    return joined


def midnight(day: date) -> datetime:
    """Return the UTC instant `day` begins."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def figures(sums: Sequence[Any]) -> tuple[int, int, int, float]:
    """Return (placed, answered, failed, talk seconds) from their sums (None for no rows)."""
    placed, answered, failed, seconds = sums
    return int(placed or 0), int(answered or 0), int(failed or 0), float(seconds or 0.0)


def with_holidays() -> ColumnElement[bool]:
    """Return whether a button has any holiday set (its JSON list is not empty), written as
    the partial index ix_buttons_holidays says it (migration 0027), so the index serves it."""
    return func.length(cast(Button.holidays, Text)) > literal_column("2")


def day_usage(db: Session, days: dict[str, tuple[datetime, datetime]], now: datetime):
    """Return {button id: (calls, talk seconds)} of the calls each button placed in its day
    (start, end), in one grouped query."""
    if not days:
        return {}
    within = [
        and_(Call.button_id == button_id, Call.created_at >= start, Call.created_at < end)
        for button_id, (start, end) in days.items()
    ]
    # Overflow legs talk on the budget but are not calls of their own (routes/overflow.py).
    placed = func.sum(case((Call.overflow_of.is_(None), ONE), else_=ZERO))
    query = (
        select(Call.button_id, placed, func.sum(talk(db, now)))
        .where(or_(*within))
        .group_by(Call.button_id)
    )
    return {str(b): (int(n), float(t or 0.0)) for b, n, t in db.execute(query)}
