"""Daily budget per button: calls placed and talk minutes in the button's day.

The day runs from midnight to midnight in the button's time zone (UTC unless set). A call
counts towards the day it was placed in. Talk time is a finished call's `talk_seconds`; a call
still in progress counts the time since ESTABLISHED, up to now or to its session's end. All of
it is derived from the call rows, which WCS retries cannot duplicate, so nothing counts twice.

Checking the rows and then inserting a call is two steps, which parallel `/call`s could all
pass; so placing a call also takes one unit of the day's counter row in `daily_usage` in a
single conditional statement (`spend_call`), in the transaction that stores the call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callgate.db.models import Button, Call, DailyUsage, WcsSession
from callgate.db.statements import dialect_insert, table_of
from callgate.errors import Refused


class BudgetExhausted(Refused):
    """The button has used its calls or talk minutes for the day."""

    code = "budget_exhausted"


@dataclass(frozen=True)
class CallTimes:
    """What talk time is computed from: ESTABLISHED, the terminal status, the session's end."""

    established_at: datetime | None
    finished_at: datetime | None
    talk_seconds: float | None
    session_closed_at: datetime | None = None


@dataclass(frozen=True)
class Usage:
    """Calls placed and seconds talked in one day."""

    calls: int
    seconds: float


def zone(name: str | None) -> tzinfo:
    """Return the time zone called `name`, or UTC if it is unset or unknown."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def day_bounds(now: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """Return the start and end, in UTC, of the day in `tz` that contains `now`."""
    local = now.astimezone(tz)
    start = datetime(local.year, local.month, local.day, tzinfo=tz)
    following = start.date() + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def talk_seconds(call: CallTimes, now: datetime) -> float:
    """Return the call's talk time so far: final if finished, else running until `now`."""
    if call.finished_at is not None:
        return call.talk_seconds or 0.0
    if call.established_at is None:
        return 0.0
    end = min(now, call.session_closed_at) if call.session_closed_at else now
    return max(0.0, (end - call.established_at).total_seconds())


def total(calls: Iterable[CallTimes], now: datetime) -> Usage:
    """Return the number of calls and their summed talk time at `now`."""
    rows = list(calls)
    return Usage(len(rows), sum(talk_seconds(call, now) for call in rows))


def usage(db: Session, button: Button, now: datetime) -> Usage:
    """Return what `button` has used today, as seen at `now`."""
    start, end = day_bounds(now, zone(button.timezone))
    query = (
        select(Call.established_at, Call.finished_at, Call.talk_seconds, WcsSession.closed_at)
        .outerjoin(WcsSession, WcsSession.session_id == Call.session_id)
        .where(Call.button_id == button.id, Call.created_at >= start, Call.created_at < end)
    )
    return total((CallTimes(*row) for row in db.execute(query)), now)


def check(db: Session, button: Button, now: datetime) -> None:
    """Raise BudgetExhausted if `button` has no calls or talk minutes left today."""
    used = usage(db, button, now)
    if used.calls >= button.daily_calls or used.seconds >= button.daily_minutes * 60:
        raise BudgetExhausted("daily budget used", button_id=button.id)


def spend_call(db: Session, button: Button, now: datetime) -> None:
    """Count a call just stored (uncommitted) against today; raise BudgetExhausted if none left.

    One statement: the day's row is created holding the calls already placed that day, or
    raised by one only while it is below the limit, so concurrent calls on SQLite or
    PostgreSQL can never take more than the limit between them. The caller commits (or rolls
    back, with the call, when refused).
    """
    tz = zone(button.timezone)
    start, end = day_bounds(now, tz)
    placed = (
        select(func.count())
        .select_from(Call)
        .where(Call.button_id == button.id, Call.created_at >= start, Call.created_at < end)
        .scalar_subquery()
    )
    table = table_of(DailyUsage)
    day = now.astimezone(tz).date().isoformat()
    statement = (
        dialect_insert(db, table)
        .values(button_id=button.id, day=day, calls=placed)
        .on_conflict_do_update(
            index_elements=[table.c.button_id, table.c.day],
            set_={"calls": table.c.calls + 1},
            where=table.c.calls < button.daily_calls,
        )
        .returning(table.c.calls)
    )
    used = db.execute(statement).scalar()
    if used is None or used > button.daily_calls:
        raise BudgetExhausted("daily budget used", button_id=button.id)
