"""Opening hours as owners write them, and the checks on zone, holidays and fallback contact.

The stored schedule maps each weekday to "HH:MM-HH:MM" ranges in the button's time zone; an
end at or before the start runs past midnight into the next day, and "24:00" ends a day.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callgate.db.models import ALWAYS_OPEN, WEEKDAYS
from callgate.errors import InvalidInput

#: The hours of a new button: Monday to Friday, 08:00-20:00.
BUSINESS_HOURS = {day: ["08:00-20:00"] if day not in ("sat", "sun") else [] for day in WEEKDAYS}

ALWAYS = "24/7"
MAX_HOLIDAYS = 400
EXAMPLE = '"mon-fri 09:00-18:00; sat 10:00-14:00" or "24/7"'
_RANGE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)")
_CLAUSE = re.compile(r"([a-z][a-z,\s-]*?)\s*(\d.*)")
_E164 = re.compile(r"tel:\+[1-9]\d{6,14}")
_URL_CHARS = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")  # RFC 3986, nothing else


class HoursError(InvalidInput):
    """Opening hours, a time zone, a holiday or a fallback contact cannot be used."""

    code = "invalid_hours"
    codes = (
        *("hours_unreadable", "hours_none", "unknown_day", "days_missing", "bad_range"),
        *("empty_range", "schedule_shape", "schedule_day_list", "unknown_timezone"),
        *("holidays_not_list", "bad_holiday", "too_many_holidays", "bad_fallback"),
    )


def parse_hours(text: str) -> dict[str, list[str]]:
    """Return the schedule `text` describes, e.g. "mon-fri 09:00-18:00; sat 10:00-14:00"."""
    spec = text.strip().lower()
    if spec == ALWAYS:
        return {day: list(ranges) for day, ranges in ALWAYS_OPEN.items()}
    schedule: dict[str, list[str]] = {day: [] for day in WEEKDAYS}
    for clause in filter(None, (part.strip() for part in spec.split(";"))):
        match = _CLAUSE.fullmatch(clause)
        if not match:
            raise HoursError(
                f"cannot read {clause!r}: write days then times, like {EXAMPLE}",
                code="hours_unreadable",
                value=clause,
            )
        ranges = [check_range(r) for r in re.split(r"[\s,]+", match.group(2)) if r]
        for day in parse_days(match.group(1)):
            schedule[day] += ranges
    if not any(schedule.values()):
        raise HoursError(f"no opening hours given; write them like {EXAMPLE}", code="hours_none")
    return {day: sorted(set(ranges)) for day, ranges in schedule.items()}


def parse_days(text: str) -> list[str]:
    """Return the weekdays in "mon-fri", "sat,sun", "fri-mon" (wrapping) or "daily"."""
    days: list[str] = []
    for part in filter(None, re.sub(r"\s", "", text).split(",")):
        first, _, last = ("mon-sun" if part == "daily" else part).partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise HoursError(
                f"unknown day {part!r}; use mon tue wed thu fri sat sun or mon-fri",
                code="unknown_day",
                value=part,
            )
        start = WEEKDAYS.index(first)
        span = (WEEKDAYS.index(last or first) - start) % 7
        days += [WEEKDAYS[(start + offset) % 7] for offset in range(span + 1)]
    if not days:
        raise HoursError(f"which days? write them like {EXAMPLE}", code="days_missing")
    return days


def check_range(text: object) -> str:
    """Return a valid "HH:MM-HH:MM" range (the end may be 24:00, or earlier for overnight)."""
    match = _RANGE.fullmatch(text) if isinstance(text, str) else None
    if (
        not isinstance(text, str)
        or not match
        or (match.group(3) == "24" and match.group(4) != "00")
    ):
        raise HoursError(
            f"time range {text!r} must look like 09:00-18:00 (24-hour clock)",
            code="bad_range",
            value=text,
        )
    if text[:5] == text[6:]:
        raise HoursError(
            f"time range {text!r} is empty; for a whole day write 00:00-24:00",
            code="empty_range",
            value=text,
        )
    return text


def format_hours(schedule: dict) -> str:
    """Return `schedule` the way `--hours` takes it: "24/7", "mon-fri 08:00-20:00" or "closed"."""
    if all(schedule.get(day) == ALWAYS_OPEN[day] for day in WEEKDAYS):
        return ALWAYS
    groups: list[tuple[list[str], list[str]]] = []
    for day in WEEKDAYS:
        ranges = list(schedule.get(day) or [])
        if groups and groups[-1][1] == ranges:
            groups[-1][0].append(day)
        else:
            groups.append(([day], ranges))
    parts = [
        f"{days[0] if len(days) == 1 else days[0] + '-' + days[-1]} {', '.join(ranges)}"
        for days, ranges in groups
        if ranges
    ]
    return "; ".join(parts) or "closed"


def check_schedule(value: object) -> dict[str, list[str]]:
    """Return a stored schedule: every weekday with a list of valid ranges."""
    if not isinstance(value, dict) or not set(value) <= set(WEEKDAYS):
        raise HoursError(
            f"hours must map weekdays ({', '.join(WEEKDAYS)}) to time ranges",
            code="schedule_shape",
        )
    if not all(isinstance(ranges, list) for ranges in value.values()):
        raise HoursError("hours of a day must be a list of time ranges", code="schedule_day_list")
    return {day: sorted({check_range(r) for r in value.get(day, [])}) for day in WEEKDAYS}


def check_timezone(value: object) -> str:
    """Return an IANA time zone name that zoneinfo knows, e.g. "Europe/Berlin"."""
    try:
        if isinstance(value, str) and 0 < len(value) <= 64:
            ZoneInfo(value)
            return value
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise HoursError(
        f"unknown time zone {value!r}; use an IANA name like Europe/Berlin",
        code="unknown_timezone",
        value=value,
    )


def check_holidays(value: object) -> list[str]:
    """Return closed days as sorted, distinct ISO dates (YYYY-MM-DD)."""
    if not isinstance(value, (list, tuple)):
        raise HoursError("holidays must be a list of dates", code="holidays_not_list")
    days = set()
    for text in value:
        try:
            if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
                raise ValueError
            days.add(date.fromisoformat(text).isoformat())
        except ValueError:
            raise HoursError(
                f"holiday {text!r} must be a date like 2026-12-31", code="bad_holiday", value=text
            ) from None
    if len(days) > MAX_HOLIDAYS:
        raise HoursError(
            f"at most {MAX_HOLIDAYS} holidays", code="too_many_holidays", most=MAX_HOLIDAYS
        )
    return sorted(days)


def check_fallback(value: object) -> str | None:
    """Return a contact for closed hours: `tel:+<E.164 number>` or an `https://` URL."""
    if value in (None, ""):
        return None
    text = value if isinstance(value, str) else ""
    if _E164.fullmatch(text):
        return text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    plain = len(text) <= 300 and _URL_CHARS.fullmatch(text)
    if not (parts and plain and parts.scheme == "https" and parts.hostname and not parts.username):
        raise HoursError(
            f"fallback {value!r} must be tel:+<number> in E.164 (e.g. tel:+493012345678) "
            "or an https:// URL",
            code="bad_fallback",
            value=value,
        )
    return text
