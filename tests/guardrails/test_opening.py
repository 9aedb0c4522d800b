"""Open or closed at a moment, and the next opening: zones, DST, holidays, midnight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callgate.buttons.schedule import parse_hours
from callgate.db.models import WEEKDAYS, Button
from callgate.guardrails.opening import (
    Closed,
    Opening,
    closes_at,
    ensure_open,
    opening,
    work_out,
)
from callgate.hooks import refusals as hook_refusals
from callgate.widget import refusals as widget_refusals

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"
OFFICE = "mon-fri 08:00-20:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# fmt: off
CASES = [
    # hours, zone, holidays, now, open, next opening (in the button's zone)
    (OFFICE, BERLIN, [], "2026-11-23T07:30:00Z", True, None),
    (OFFICE, BERLIN, [], "2026-11-23T06:59:59Z", False, "2026-11-23T08:00:00+01:00"),
    (OFFICE, BERLIN, [], "2026-11-23T19:00:00Z", False, "2026-11-24T08:00:00+01:00"),
    (OFFICE, BERLIN, [], "2026-11-27T19:30:00Z", False, "2026-11-30T08:00:00+01:00"),
    (OFFICE, "UTC", [], "2026-11-23T07:30:00Z", False, "2026-11-23T08:00:00+00:00"),
    (OFFICE, "Asia/Tokyo", [], "2026-11-22T23:30:00Z", True, None),
    # Berlin springs forward on Sunday 2026-03-29: 08:00 is 07:00Z on Saturday, 06:00Z on Sunday.
    ("daily 08:00-20:00", BERLIN, [], "2026-03-28T06:30:00Z", False, "2026-03-28T08:00:00+01:00"),
    ("daily 08:00-20:00", BERLIN, [], "2026-03-29T06:30:00Z", True, None),
    ("daily 08:00-20:00", BERLIN, [], "2026-03-28T19:30:00Z", False, "2026-03-29T08:00:00+02:00"),
    ("daily 08:00-20:00", BERLIN, [], "2026-03-29T18:30:00Z", False, "2026-03-30T08:00:00+02:00"),
    # A start inside the skipped hour begins when the clocks have jumped.
    ("daily 02:30-04:00", BERLIN, [], "2026-03-29T00:45:00Z", False, "2026-03-29T03:30:00+02:00"),
    ("sun 02:30-03:00; mon 09:00-10:00", BERLIN, [], "2026-03-29T00:30:00Z", False,
     "2026-03-30T09:00:00+02:00"),
    # Berlin falls back on 2026-10-25: 02:30 is its first occurrence, 00:30Z.
    ("daily 00:00-02:30", BERLIN, [], "2026-10-25T00:15:00Z", True, None),
    ("daily 00:00-02:30", BERLIN, [], "2026-10-25T01:15:00Z", False, "2026-10-26T00:00:00+01:00"),
    ("daily 08:00-20:00", BERLIN, [], "2026-10-25T07:30:00Z", True, None),
    ("daily 08:00-20:00", BERLIN, [], "2026-10-25T06:30:00Z", False, "2026-10-25T08:00:00+01:00"),
    # New York springs forward on 2026-03-08 and falls back on 2026-11-01.
    ("sat-sun 10:00-14:00", NEW_YORK, [], "2026-03-07T14:30:00Z", False,
     "2026-03-07T10:00:00-05:00"),
    ("sat-sun 10:00-14:00", NEW_YORK, [], "2026-03-08T14:30:00Z", True, None),
    ("sat-sun 10:00-14:00", NEW_YORK, [], "2026-03-08T18:30:00Z", False,
     "2026-03-14T10:00:00-04:00"),
    ("sat-sun 10:00-14:00", NEW_YORK, [], "2026-11-01T14:30:00Z", False,
     "2026-11-01T10:00:00-05:00"),
    # Midnight: 24:00 ends a day; ranges that meet at midnight stay open across it.
    ("mon 00:00-24:00", "UTC", [], "2026-11-23T23:59:59Z", True, None),
    ("mon 00:00-24:00", "UTC", [], "2026-11-24T00:00:00Z", False, "2026-11-30T00:00:00+00:00"),
    ("mon 20:00-24:00; tue 00:00-02:00", "UTC", [], "2026-11-24T00:00:00Z", True, None),
    ("mon 20:00-24:00; tue 00:00-02:00", "UTC", [], "2026-11-24T02:00:00Z", False,
     "2026-11-30T20:00:00+00:00"),
    # Overnight ranges run into the next day.
    ("fri 22:00-02:00", "UTC", [], "2026-11-28T01:00:00Z", True, None),
    ("fri 22:00-02:00", "UTC", [], "2026-11-28T02:00:00Z", False, "2026-12-04T22:00:00+00:00"),
    ("fri 22:00-02:00", "UTC", [], "2026-11-27T21:00:00Z", False, "2026-11-27T22:00:00+00:00"),
    ("sun 23:00-01:00", BERLIN, [], "2026-11-23T23:30:00Z", False, "2026-11-29T23:00:00+01:00"),
    ("sun 23:00-01:00", BERLIN, [], "2026-11-22T23:30:00Z", True, None),
    # Holidays close their whole date in the button's zone.
    ("24/7", BERLIN, ["2026-12-31"], "2026-12-30T22:59:59Z", True, None),
    ("24/7", BERLIN, ["2026-12-31"], "2026-12-30T23:00:00Z", False, "2027-01-01T00:00:00+01:00"),
    ("24/7", NEW_YORK, ["2026-12-31"], "2027-01-01T03:00:00Z", False, "2027-01-01T00:00:00-05:00"),
    ("24/7", "UTC", ["2026-12-24", "2026-12-25", "2026-12-26"], "2026-12-24T12:00:00Z", False,
     "2026-12-27T00:00:00+00:00"),
    ("wed 22:00-02:00", "UTC", ["2026-12-31"], "2026-12-30T23:00:00Z", True, None),
    ("wed 22:00-02:00", "UTC", ["2026-12-31"], "2026-12-31T01:00:00Z", False,
     "2027-01-06T22:00:00+00:00"),
    ("wed 22:00-02:00", "UTC", ["2026-12-30"], "2026-12-30T23:00:00Z", False,
     "2026-12-31T00:00:00+00:00"),
    (OFFICE, "UTC", [f"2026-12-{d:02}" for d in range(1, 32)], "2026-12-01T09:00:00Z", False,
     "2027-01-01T08:00:00+00:00"),
    ("24/7", BERLIN, [], "2026-11-23T12:00:00+05:00", True, None),
]
# fmt: on


@pytest.mark.parametrize(("hours", "zone", "holidays", "now", "is_open", "opens_at"), CASES)
def test_opening(hours, zone, holidays, now, is_open, opens_at):
    state = opening(zone, parse_hours(hours), holidays, at(now))
    assert state.open is is_open
    assert (state.opens_at.isoformat() if state.opens_at else None) == opens_at


def test_a_schedule_without_hours_never_opens():
    closed = {day: [] for day in WEEKDAYS}
    assert opening("UTC", closed, [], at("2026-11-23T12:00:00Z")).opens_at is None


def button(**fields: object) -> Button:
    values = {"id": "b1", "timezone": BERLIN, "schedule": parse_hours(OFFICE), "holidays": []}
    return Button(**(values | fields))


@pytest.mark.parametrize(
    ("fields", "face", "message"),
    [
        ({}, "widget", "We are closed right now. Please call during our opening hours."),
        ({"closed_message": "Back on Monday"}, "widget", "Back on Monday"),
        ({"closed_message": "Back on Monday"}, "hooks", "closed"),
    ],
)
def test_ensure_open_raises_closed_with_the_message(fields, face, message):
    with pytest.raises(Closed) as raised:
        ensure_open(button(**fields), at("2026-11-28T12:00:00Z"))
    error = raised.value
    if face == "widget":
        status, said = widget_refusals.status_of(error), widget_refusals.wording(error)[0]
    else:
        body, status = hook_refusals.answer_of(error)
        said = body["reason"]
    assert (error.code, status, said) == ("closed", 403, message)
    assert raised.value.opens_at.isoformat() == "2026-11-30T08:00:00+01:00"
    assert raised.value.button_id == "b1"


def test_ensure_open_passes_when_open():
    assert ensure_open(button(), at("2026-11-27T12:00:00Z")) is None


RANGES = st.builds(
    lambda a, b: f"{a // 60:02}:{a % 60:02}-{b // 60:02}:{b % 60:02}",
    st.integers(0, 23 * 60 + 59).map(lambda m: m - m % 15),
    st.integers(0, 24 * 60).map(lambda m: m - m % 15),
).filter(lambda r: r[:5] != r[6:] and r[6:8] != "24" or r[6:] == "24:00")


@settings(max_examples=300, deadline=None)
@given(
    schedule=st.fixed_dictionaries({day: st.lists(RANGES, max_size=2) for day in WEEKDAYS}),
    zone=st.sampled_from(["UTC", BERLIN, NEW_YORK, "Australia/Lord_Howe", "Asia/Kolkata"]),
    holidays=st.lists(st.dates(datetime(2026, 1, 1).date(), datetime(2027, 2, 1).date())),
    now=st.datetimes(datetime(2026, 1, 1), datetime(2027, 1, 1), timezones=st.just(UTC)),
)
def test_the_next_opening_is_open_and_the_moment_before_it_is_not(schedule, zone, holidays, now):
    days = [day.isoformat() for day in holidays]
    state = opening(zone, schedule, days, now)
    if state.opens_at is not None:
        assert not state.open and state.opens_at > now
        assert opening(zone, schedule, days, state.opens_at).open
        assert not opening(zone, schedule, days, state.opens_at - timedelta(seconds=1)).open


ANY_MINUTE = st.builds(
    lambda a, b: f"{a // 60:02}:{a % 60:02}-{b // 60:02}:{b % 60:02}",
    st.integers(0, 23 * 60 + 59),
    st.integers(1, 24 * 60),
).filter(lambda r: r[:5] != r[6:])


@settings(max_examples=300, deadline=None)
@given(
    schedule=st.fixed_dictionaries({day: st.lists(ANY_MINUTE, max_size=2) for day in WEEKDAYS}),
    zone=st.sampled_from(["UTC", BERLIN, NEW_YORK, "Australia/Lord_Howe", "Asia/Kathmandu"]),
    now=st.datetimes(datetime(2026, 1, 1), datetime(2027, 1, 1), timezones=st.just(UTC)),
)
def test_the_answer_worked_out_once_a_minute_is_the_answer_at_each_second(schedule, zone, now):
    """`opening` answers from its minute's answer; worked out at the very instant, it is the
    same, DST nights and zones 45 minutes off included."""
    assert opening(zone, schedule, [], now) == work_out(zone, schedule, [], now)


# fmt: off
CLOSING = [
    # hours, zone, holidays, now, when it next closes (in the button's zone; None: not in a year)
    (OFFICE, BERLIN, [], "2026-11-23T07:30:00Z", "2026-11-23T20:00:00+01:00"),
    ("24/7", BERLIN, [], "2026-11-23T07:30:00Z", None),
    ("24/7", BERLIN, ["2026-12-24"], "2026-11-23T07:30:00Z", "2026-12-24T00:00:00+01:00"),
    # An overnight range is one opening across midnight, and ranges that touch are one too.
    ("fri 22:00-02:00", "UTC", [], "2026-11-27T23:30:00Z", "2026-11-28T02:00:00+00:00"),
    ("mon 09:00-12:00, 12:00-17:00", "UTC", [], "2026-11-23T10:00Z", "2026-11-23T17:00:00+00:00"),
    ("mon 09:00-12:00, 13:00-17:00", "UTC", [], "2026-11-23T10:00Z", "2026-11-23T12:00:00+00:00"),
    ("daily 00:00-24:00; mon 09:00-10:00", "UTC", ["2026-11-25"], "2026-11-23T10:00:00Z",
     "2026-11-25T00:00:00+00:00"),
]
# fmt: on


@pytest.mark.parametrize(("hours", "zone", "holidays", "now", "closes"), CLOSING)
def test_when_an_open_button_next_closes(hours, zone, holidays, now, closes):
    found = closes_at(zone, parse_hours(hours), holidays, at(now))
    assert (found.isoformat() if found else None) == closes


def test_a_closed_button_has_no_closing():
    assert closes_at("UTC", parse_hours(OFFICE), [], at("2026-11-22T10:00:00Z")) is None


def test_holidays_on_every_opening_day_for_weeks_push_the_next_opening_that_far():
    mondays = ["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"]
    found = opening("UTC", parse_hours("mon 09:00-10:00"), mondays, at("2026-11-24T12:00:00Z"))
    assert found == Opening(False, at("2027-01-04T09:00:00+00:00"))


def test_past_holidays_cost_nothing():
    past = [f"2025-{month:02d}-01" for month in range(1, 13)]
    found = opening("UTC", parse_hours(OFFICE), past, at("2026-11-22T12:00:00Z"))
    assert found == Opening(False, at("2026-11-23T08:00:00+00:00"))
