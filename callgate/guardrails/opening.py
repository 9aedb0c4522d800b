"""Open or closed: a button's weekly hours and holidays in its own time zone, and when it opens.

Opening times are wall-clock times in the zone, turned into UTC instants one day at a time, so
a DST change moves them as the clocks on the wall move. A time the clocks skip takes the offset
from before the change (02:30 on a spring-forward night is 03:30), and a repeated one is its
first occurrence. Holidays close their whole local date, also the part of an overnight range
that runs into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from callgate.db.models import WEEKDAYS, Button
from callgate.errors import Refused

DAY = 24 * 60


@dataclass(frozen=True)
class Opening:
    """Whether a button is open at one moment and, if not, when it next opens (None: never)."""

    open: bool
    opens_at: datetime | None = None


class Closed(Refused):
    """The button is outside its opening hours or on a holiday.

    Carries when it next opens (None: never scheduled) and the owner's closed message, if any.
    """

    code = "closed"

    def __init__(
        self, opens_at: datetime | None, closed_message: str | None, *, button_id: str
    ) -> None:
        super().__init__("closed", button_id=button_id)
        self.opens_at = opens_at
        self.closed_message = closed_message


def opening(timezone: str, schedule: dict, holidays: list, now: datetime) -> Opening:
    """Return whether `schedule` is open at the aware `now`, else its next opening in the zone.

    Worked out once per schedule and UTC minute: openings begin and end on whole minutes of the
    wall clock, and today's zones are whole minutes off UTC, so the answer holds all minute.
    """
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    days = tuple(sorted((day, tuple(ranges or ())) for day, ranges in schedule.items()))
    return _opening_in_minute(timezone, days, tuple(holidays), minute)


@lru_cache(maxsize=4096)
def _opening_in_minute(
    timezone: str, days: tuple[tuple[str, tuple[str, ...]], ...], holidays: tuple, minute: datetime
) -> Opening:
    return work_out(timezone, dict(days), list(holidays), minute)


def work_out(timezone: str, schedule: dict, holidays: list, now: datetime) -> Opening:
    """Return `opening` at `now`, worked out day by day (uncached)."""
    zone = ZoneInfo(timezone)
    first = now.astimezone(zone).date() - timedelta(days=1)
    closed_days = {day for day in map(date.fromisoformat, holidays) if day >= first}
    # Each holiday to come can cost at most the one week whose only opening it closes.
    days = [first + timedelta(days=n) for n in range(7 * len(closed_days) + 9)]
    spans = sorted(span for day in days for span in _spans(zone, day, schedule, closed_days))
    for start, end in spans:
        if end > now:
            return Opening(True) if start <= now else Opening(False, start.astimezone(zone))
    return Opening(False)


def closes_at(
    timezone: str, schedule: dict, holidays: list, now: datetime, horizon_days: int = 400
) -> datetime | None:
    """Return when `schedule`, open at `now`, next closes (in the zone); None if not for a year.

    Ranges that touch (midnight in an overnight range, `24/7`) count as one opening.
    """
    zone = ZoneInfo(timezone)
    closed_days = {date.fromisoformat(day) for day in holidays}
    first = now.astimezone(zone).date() - timedelta(days=1)
    days = (first + timedelta(days=n) for n in range(horizon_days))
    spans = sorted(span for day in days for span in _spans(zone, day, schedule, closed_days))
    end: datetime | None = None
    for start, stop in spans:
        if end is None:
            end = stop if start <= now < stop else None
        elif start > end:
            return end.astimezone(zone)
        else:
            end = max(end, stop)
    return None


def _spans(
    zone: ZoneInfo, day: date, schedule: dict, closed_days: set[date]
) -> list[tuple[datetime, datetime]]:
    """Return the UTC spans `day`'s ranges cover, cut at midnight and without holidays."""
    spans = []
    for text in schedule.get(WEEKDAYS[day.weekday()]) or []:
        start, end = _minutes(text[:5]), _minutes(text[6:])
        pieces = [(day, start, end)] if end > start else [(day, start, DAY), (_next(day), 0, end)]
        spans += [
            (_instant(zone, on, a), _instant(zone, on, b))
            for on, a, b in pieces
            if on not in closed_days
        ]
    # A range inside a skipped hour (02:30-03:00 on a spring-forward night) never happens.
    return [(start, end) for start, end in spans if start < end]


def _minutes(hh_mm: str) -> int:
    return int(hh_mm[:2]) * 60 + int(hh_mm[3:])


def _next(day: date) -> date:
    return day + timedelta(days=1)


def _instant(zone: ZoneInfo, day: date, minutes: int) -> datetime:
    """Return the UTC instant of wall-clock `minutes` after local midnight of `day`."""
    wall = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return wall.replace(tzinfo=zone).astimezone(UTC)


def button_opening(button: Button, now: datetime) -> Opening:
    """Return `button`'s opening state at `now`."""
    return opening(button.timezone, button.schedule, button.holidays, now)


def ensure_open(button: Button, now: datetime) -> None:
    """Raise Closed unless `button` is open at `now`."""
    state = button_opening(button, now)
    if not state.open:
        raise Closed(state.opens_at, button.closed_message, button_id=button.id)
