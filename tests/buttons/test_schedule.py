"""Opening hours as owners write them, and the checks on zone, holidays and fallback."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callgate.buttons.schedule import (
    BUSINESS_HOURS,
    HoursError,
    check_fallback,
    check_holidays,
    check_schedule,
    check_timezone,
    format_hours,
    parse_hours,
)
from callgate.db.models import ALWAYS_OPEN, WEEKDAYS


def week(**days: list[str]) -> dict[str, list[str]]:
    return {day: days.get(day, []) for day in WEEKDAYS}


@pytest.mark.parametrize(
    ("text", "schedule"),
    [
        ("24/7", ALWAYS_OPEN),
        (" 24/7 ", ALWAYS_OPEN),
        ("mon-fri 08:00-20:00", BUSINESS_HOURS),
        (
            "mon-fri 09:00-18:00; sat 10:00-14:00",
            week(**dict.fromkeys(WEEKDAYS[:5], ["09:00-18:00"]), sat=["10:00-14:00"]),
        ),
        ("MON 09:00-12:00, 13:00-17:00", week(mon=["09:00-12:00", "13:00-17:00"])),
        ("mon 13:00-17:00 09:00-12:00", week(mon=["09:00-12:00", "13:00-17:00"])),
        ("sat, sun 10:00-14:00", week(sat=["10:00-14:00"], sun=["10:00-14:00"])),
        (
            "fri-mon 10:00-11:00",
            week(**dict.fromkeys(("fri", "sat", "sun", "mon"), ["10:00-11:00"])),
        ),
        ("daily 00:00-24:00", ALWAYS_OPEN),
        ("fri 22:00-02:00", week(fri=["22:00-02:00"])),
        ("mon 09:00-12:00; mon 14:00-16:00;", week(mon=["09:00-12:00", "14:00-16:00"])),
        ("mon 09:00-12:00; mon 09:00-12:00", week(mon=["09:00-12:00"])),
    ],
)
def test_parse_hours(text, schedule):
    assert parse_hours(text) == schedule


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no opening hours"),
        ("  ;  ", "no opening hours"),
        ("24/6", "cannot read"),
        ("09:00-18:00", "cannot read"),
        ("mon-fri", "cannot read"),
        ("mo-fr 09:00-18:00", "unknown day 'mo-fr'"),
        ("monday 09:00-18:00", "unknown day"),
        ("mon-xyz 09:00-18:00", "unknown day"),
        ("mon 9:00-18:00", "must look like 09:00-18:00"),
        ("mon 09:00-18:60", "must look like"),
        ("mon 25:00-26:00", "must look like"),
        ("mon 09:00-24:30", "must look like"),
        ("mon 24:00-02:00", "must look like"),
        ("mon 09:00–18:00", "must look like"),
        ("mon 09:00-09:00", "is empty"),
        ("mon 00:00-00:00", "is empty"),
        ("mon 09:00-18:00; ; tue", "cannot read"),
    ],
)
def test_parse_hours_refuses_with_a_clear_message(text, fragment):
    with pytest.raises(HoursError) as raised:
        parse_hours(text)
    assert fragment in raised.value.message
    codes = {
        "no opening hours": "hours_none",
        "cannot read": "hours_unreadable",
        "unknown day": "unknown_day",
        "must look like": "bad_range",
        "is empty": "empty_range",
    }
    assert raised.value.code == next(c for f, c in codes.items() if fragment.startswith(f))


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (ALWAYS_OPEN, "24/7"),
        (BUSINESS_HOURS, "mon-fri 08:00-20:00"),
        (week(), "closed"),
        (
            week(mon=["09:00-12:00", "13:00-17:00"], wed=["09:00-12:00"]),
            "mon 09:00-12:00, 13:00-17:00; wed 09:00-12:00",
        ),
        (week(sat=["10:00-14:00"], sun=["10:00-14:00"]), "sat-sun 10:00-14:00"),
    ],
)
def test_format_hours(schedule, text):
    assert format_hours(schedule) == text


RANGE = st.sampled_from(["00:00-24:00", "09:00-18:00", "22:00-02:00", "10:15-10:45", "23:00-24:00"])


@given(st.fixed_dictionaries({day: st.lists(RANGE, max_size=3) for day in WEEKDAYS}))
def test_format_then_parse_gives_the_schedule_back(schedule):
    normalized = {day: sorted(set(ranges)) for day, ranges in schedule.items()}
    text = format_hours(normalized)
    if text != "closed":
        assert parse_hours(text) == normalized


def test_check_schedule_normalizes_and_refuses_bad_shapes():
    assert check_schedule({"mon": ["13:00-14:00", "09:00-10:00"]}) == week(
        mon=["09:00-10:00", "13:00-14:00"]
    )
    for bad in ([], {"monday": []}, {"mon": "09:00-10:00"}, {"mon": ["9-10"]}, {"mon": [7]}):
        with pytest.raises(HoursError):
            check_schedule(bad)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
def test_known_time_zones(zone):
    assert check_timezone(zone) == zone


@pytest.mark.parametrize(
    "zone", ["", "Mars/Olympus", "europe/berlin ", "../../etc/passwd", "/etc/localtime", None, 1]
)
def test_unknown_time_zones(zone):
    with pytest.raises(HoursError, match="unknown time zone"):
        check_timezone(zone)


def test_holidays_are_sorted_and_distinct():
    assert check_holidays(["2026-12-31", "2026-12-24", "2026-12-31"]) == [
        "2026-12-24",
        "2026-12-31",
    ]
    assert check_holidays([]) == []


@pytest.mark.parametrize(
    "bad", [["2026-13-01"], ["2026-02-30"], ["31.12.2026"], ["20261231"], ["2026-W01-1"], [1], "x"]
)
def test_bad_holidays(bad):
    with pytest.raises(HoursError):
        check_holidays(bad)


def test_too_many_holidays():
    days = [f"{year}-01-{day:02}" for year in range(2026, 2041) for day in range(1, 29)]
    with pytest.raises(HoursError, match="at most 400"):
        check_holidays(days)


@pytest.mark.parametrize(
    "value",
    [
        "tel:+493012345678",
        "tel:+15555550123",
        "https://example.com",
        "https://example.com/contact?x=1",
    ],
)
def test_good_fallbacks(value):
    assert check_fallback(value) == value


@pytest.mark.parametrize("value", [None, ""])
def test_no_fallback(value):
    assert check_fallback(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "tel:030123456",
        "tel:+0301234567",
        "tel:+49 30 123456",
        "tel:+4930123456789012",
        "+493012345678",
        "http://example.com",
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://",
        "https://user:pw@example.com",
        "https://example.com/a b",
        'https://example.com/"><script>',
        "https://example.com:99999",
        "https://example.com/" + "a" * 300,
        " https://example.com",
        7,
    ],
)
def test_bad_fallbacks(value):
    with pytest.raises(HoursError, match="tel:"):
        check_fallback(value)
