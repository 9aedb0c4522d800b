"""Refusal reasons, from the widget's and the hooks' wording, in a few categories."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from audit.explain import category
from buttons.texts import TEXTS
from db.models import Button

AT = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)


def button(**fields) -> Button:
    defaults = {"id": "b", "timezone": "Europe/Berlin", "holidays": [], "closed_message": None}
    return Button(**(defaults | fields))


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("this site is not allowed to use this button", "origin"),
        ("this page's origin is missing or invalid", "origin"),
        ("origin not allowed", "origin"),
        ("calls are switched off (kill switch)", "kill_switch"),
        ("kill switch", "kill_switch"),
        ("daily budget used", "budget"),
        ("rate limit ip", "limit"),
        ("rate limit global", "limit"),
        ("too many calls", "limit"),
        ("call token has expired", "token"),
        ("token already used", "token"),
        ("token bound to another address", "token"),
        ("closed", "hours"),
        (TEXTS["ru"]["closed"], "hours"),
        ("button unavailable", "other"),
        (None, "other"),
    ],
)
def test_categories(reason, expected):
    assert category(reason, button(), AT) == expected


def test_the_owners_closed_message_is_a_closed_refusal():
    assert category("Back on Monday", button(closed_message="Back on Monday"), AT) == "hours"


def test_a_closed_refusal_on_a_holiday_is_the_holiday():
    holiday = button(holidays=["2026-12-31"])
    assert category("closed", holiday, AT) == "holiday"
    # 23:30 UTC on the 30th is already the 31st in Berlin.
    assert category("closed", holiday, datetime(2026, 12, 30, 23, 30, tzinfo=UTC)) == "holiday"
    assert category("closed", holiday, datetime(2027, 1, 1, 10, 0, tzinfo=UTC)) == "hours"
