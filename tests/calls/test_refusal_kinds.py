"""Refusal categories from codes; old rows' codes from their wording (migration 0024), once."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from callgate.buttons.texts import TEXTS
from callgate.calls.refusal_kinds import BY_CODE, CATEGORIES, category
from callgate.db import make_engine
from callgate.db.migrate import alembic_config
from callgate.db.models import Button

AT = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)
MIGRATION = (
    Path(__file__).resolve().parents[2] / "callgate/migrations/versions/0024_refusal_codes.py"
)


def backfill():
    spec = importlib.util.spec_from_file_location("refusal_codes", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        ("rate limit storage unavailable", "limit"),
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
    assert category(backfill().code_of(reason, None), button(), AT) == expected


def test_the_owners_closed_message_is_a_closed_refusal():
    code = backfill().code_of("Back on Monday", "Back on Monday")
    assert category(code, button(closed_message="Back on Monday"), AT) == "hours"


def test_the_frozen_closed_texts_are_todays():
    assert set(backfill().CLOSED_TEXTS) == {texts["closed"] for texts in TEXTS.values()}


def test_a_closed_refusal_on_a_holiday_is_the_holiday():
    holiday = button(holidays=["2026-12-31"])
    assert category("closed", holiday, AT) == "holiday"
    # 23:30 UTC on the 30th is already the 31st in Berlin.
    assert category("closed", holiday, datetime(2026, 12, 30, 23, 30, tzinfo=UTC)) == "holiday"
    assert category("closed", holiday, datetime(2027, 1, 1, 10, 0, tzinfo=UTC)) == "hours"


def test_every_code_has_a_known_category():
    assert set(BY_CODE.values()) <= {*CATEGORIES, "closed"}
    assert category("forbidden", button(), AT) == category(None, button(), AT) == "other"


ROW = (
    "INSERT INTO audit_events (at, action, outcome, reason, button_id, code, count) "
    "VALUES ('2026-12-01 10:00:00', :action, 'refused', :reason, NULL, :code, 1)"
)


def test_the_upgrade_gives_old_refusals_their_code_once(empty_database_url):
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0020")
    engine = make_engine(empty_database_url)
    rows = [
        ("token", "this site is not allowed to use this button", None),
        ("connect", "origin not allowed", "forbidden"),
        ("call", "daily budget used", None),
        ("token", "rate limit prefix", None),
        ("login", "wrong password: a@example.com", "login_failed"),
        ("connect", "button unavailable", "forbidden"),
    ]
    with engine.begin() as connection:
        for action, reason, code in rows:
            connection.execute(text(ROW), {"action": action, "reason": reason, "code": code})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        codes = connection.execute(text("SELECT code FROM audit_events ORDER BY id")).scalars()
        assert list(codes) == [
            *("origin_not_allowed", "origin_not_allowed", "budget_exhausted"),
            *("rate_limited_prefix", "login_failed", "forbidden"),
        ]
    engine.dispose()
