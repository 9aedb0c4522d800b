"""Daily budget per button: calls placed and talk minutes in the button's day.

The day runs from midnight to midnight in the button's time zone (UTC unless set). A call
counts towards the day it was placed in. Talk time is a finished call's `talk_seconds`; a call
still in progress counts the time since ESTABLISHED, up to now or to its session's end.

`usage` counts it all from the call rows. The check reads the day's counter row instead
(`daily_usage`, kept by guardrails/day_counter.py in the transactions that place and finish
calls: the calls placed and the finished calls' talk seconds) plus only the calls not finished,
so it costs the same with 50,000 calls today as with none. A row it cannot trust (none yet,
from before the counter kept seconds, or counted in another time zone) sends it back to the
call rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from callgate.db.models import Button, Call, DailyUsage, WcsSession
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
    # An overflow leg talks on the budget's minutes but its first leg was the call counted.
    leg: bool = False


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
    """Return the number of calls (not counting overflow legs) and their summed talk time at
    `now`."""
    rows = list(calls)
    placed = sum(1 for call in rows if not call.leg)
    return Usage(placed, sum(talk_seconds(call, now) for call in rows))


def zone_key(tz: tzinfo) -> str:
    """Return the name a counter row records for the time zone `tz` ("UTC" for UTC)."""
    return str(getattr(tz, "key", "UTC"))


def _day_calls(
    db: Session, button: Button, now: datetime, *where: ColumnElement[bool]
) -> Iterator[CallTimes]:
    """Yield the times of the calls `button` placed in the day of `now` (and matching `where`)."""
    start, end = day_bounds(now, zone(button.timezone))
    times = (Call.established_at, Call.finished_at, Call.talk_seconds, WcsSession.closed_at)
    query = (
        select(*times, Call.overflow_of.is_not(None))
        .outerjoin(WcsSession, WcsSession.session_id == Call.session_id)
        .where(Call.button_id == button.id, Call.created_at >= start, Call.created_at < end)
    )
    return (CallTimes(*row) for row in db.execute(query.where(*where)))


def usage(db: Session, button: Button, now: datetime) -> Usage:
    """Return what `button` has used today, as seen at `now`, counted from its call rows."""
    return total(_day_calls(db, button, now), now)


def counted(db: Session, button: Button, now: datetime) -> Usage:
    """Return what `button` has used today at `now`: its day's counter row plus its calls in
    progress; the same as `usage`, which it falls back to for a row it cannot trust."""
    tz = zone(button.timezone)
    key = (DailyUsage.button_id == button.id, DailyUsage.day == day_of(now, tz))
    found = db.execute(
        select(DailyUsage.calls, DailyUsage.seconds, DailyUsage.timezone).where(*key)
    )
    row = found.first()
    if row is None or row.seconds is None or row.timezone != zone_key(tz):
        return usage(db, button, now)
    running = _day_calls(db, button, now, Call.finished_at.is_(None))
    return Usage(row.calls, row.seconds + total(running, now).seconds)


def day_of(at: datetime, tz: tzinfo) -> str:
    """Return the day (YYYY-MM-DD) in `tz` that contains `at`: a counter row's key."""
    return at.astimezone(tz).date().isoformat()


def check(db: Session, button: Button, now: datetime) -> None:
    """Raise BudgetExhausted if `button` has no calls or talk minutes left today."""
    used = counted(db, button, now)
    if used.calls >= button.daily_calls or used.seconds >= button.daily_minutes * 60:
        raise BudgetExhausted("daily budget used", button_id=button.id)
