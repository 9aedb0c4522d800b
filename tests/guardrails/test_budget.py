"""Daily budget per button: calls and talk minutes per day, refused when used, reset next day."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from callgate.buttons.store import get_button, update_button
from callgate.db import get_db
from callgate.db.models import Call
from callgate.guardrails import budget
from callgate.guardrails.budget import CallTimes, day_bounds, talk_seconds
from tests.data import ORIGIN
from tests.wcs import session_id

USED = {"error": "budget_exhausted", "message": "daily budget used"}
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def app(roomy_app):
    """These tests fetch more tokens per minute than the per-address limit allows."""
    return roomy_app


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def set_button(app, button_id: str, **fields: object) -> None:
    """Change fields directly, including ones the CLI does not set (timezone)."""
    with app.app_context():
        db = get_db()
        limits = {k: v for k, v in fields.items() if k != "timezone"}
        button = update_button(db, button_id, limits)
        button.timezone = fields.get("timezone", button.timezone)
        db.commit()


def usage(app, button_id: str, now: datetime) -> budget.Usage:
    with app.app_context():
        db = get_db()
        return budget.usage(db, get_button(db, button_id), now)


def token_status(client, button_id: str) -> tuple[int, dict]:
    response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    return response.status_code, response.get_json()


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (CallTimes(None, None, None), 0.0),
        (CallTimes(at("2026-11-26 08:59:00"), None, None), 60.0),
        (CallTimes(at("2026-11-26 08:58:00"), None, None, at("2026-11-26 08:58:30")), 30.0),
        (CallTimes(at("2026-11-26 08:58:00"), None, None, at("2026-11-26 09:30:00")), 120.0),
        (CallTimes(at("2026-11-26 08:00:00"), at("2026-11-26 08:00:42"), 42.0), 42.0),
        (CallTimes(None, at("2026-11-26 08:00:42"), None), 0.0),
        (CallTimes(at("2026-11-26 09:01:00"), None, None), 0.0),
    ],
)
def test_talk_seconds(times, expected):
    assert talk_seconds(times, NOW) == expected


@pytest.mark.parametrize(
    ("zone", "now", "start", "end"),
    [
        ("UTC", "2026-11-26 00:00:00", "2026-11-26 00:00:00", "2026-11-27 00:00:00"),
        ("UTC", "2026-11-26 23:59:59", "2026-11-26 00:00:00", "2026-11-27 00:00:00"),
        ("Asia/Tokyo", "2026-11-26 14:59:59", "2026-11-25 15:00:00", "2026-11-26 15:00:00"),
        ("Asia/Tokyo", "2026-11-26 15:00:00", "2026-11-26 15:00:00", "2026-11-27 15:00:00"),
        ("America/New_York", "2026-11-26 03:00:00", "2026-11-25 05:00:00", "2026-11-26 05:00:00"),
        # Spring forward: the day in Berlin is 23 hours long.
        ("Europe/Berlin", "2026-03-29 12:00:00", "2026-03-28 23:00:00", "2026-03-29 22:00:00"),
    ],
)
def test_day_bounds(zone, now, start, end):
    assert day_bounds(at(now), ZoneInfo(zone)) == (at(start), at(end))


@pytest.mark.parametrize("name", [None, "", "Not/AZone", "../etc"])
def test_unknown_zone_means_utc(name):
    assert budget.zone(name) is UTC


def test_usage_counts_todays_calls_and_their_talk_time(app, button, wcs, start_call):
    set_button(app, button.id, max_concurrent=10)
    with time_machine.travel("2026-11-25 23:59:00Z", tick=False) as clock:
        start_call(button.id)
        clock.move_to("2026-11-26 08:00:00Z")
        calls = [start_call(button.id)[1] for _ in range(3)]
        for call in calls[:2]:
            wcs.call_status(call, "ESTABLISHED")
        clock.shift(90)
        first = calls[0]
        wcs.call_status(first, "FINISH")
        clock.shift(30)
        now = datetime.now(UTC)
    assert usage(app, button.id, now) == budget.Usage(calls=3, seconds=90.0 + 120.0)


def test_calls_used_up_refuse_tokens_and_calls_until_tomorrow(app, client, button, wcs, get_token):
    set_button(app, button.id, daily_calls=2)
    sid = session_id()
    with time_machine.travel("2026-11-26 23:58:00Z", tick=False) as clock:
        wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
        for other in (session_id(), session_id()):
            wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, other))
            call = wcs.call_body(other)
            assert wcs.post("call", call).status_code == 200
            wcs.call_status(call, "FINISH")
        assert token_status(client, button.id) == (403, USED)
        refused = wcs.post("call", wcs.call_body(sid))
        assert (refused.status_code, refused.get_json()["reason"]) == (403, "daily budget used")
        clock.move_to("2026-11-27 00:00:00Z")
        assert token_status(client, button.id)[0] == 200
        assert wcs.post("call", wcs.call_body(sid)).status_code == 200


def test_minutes_used_up_by_a_call_in_progress(app, client, button, wcs, start_call):
    set_button(app, button.id, daily_minutes=2)
    with time_machine.travel(NOW, tick=False) as clock:
        _, call = start_call(button.id)
        wcs.call_status(call, "ESTABLISHED")
        clock.shift(119)
        assert token_status(client, button.id)[0] == 200
        clock.shift(1)
        assert token_status(client, button.id) == (403, USED)


def test_the_day_follows_the_buttons_time_zone(app, client, button, start_call):
    set_button(app, button.id, daily_calls=1, timezone="Asia/Tokyo")
    with time_machine.travel("2026-11-26 14:00:00Z", tick=False) as clock:
        start_call(button.id)
        clock.move_to("2026-11-26 14:59:59Z")
        assert token_status(client, button.id) == (403, USED)
        clock.move_to("2026-11-26 15:00:00Z")
        assert token_status(client, button.id)[0] == 200


def test_a_retry_of_the_last_allowed_call_is_still_answered(app, button, wcs, start_call):
    set_button(app, button.id, daily_calls=1)
    response, call = start_call(button.id)
    retry = wcs.post("call", call)
    assert response.status_code == retry.status_code == 200
    assert retry.get_data() == response.get_data()


def test_refusals_are_audited(app, client, runner, button):
    set_button(app, button.id, daily_calls=1, daily_minutes=1)
    with app.app_context():
        db = get_db()
        db.add(Call(call_id="c1", session_id="s1", button_id=button.id, callee="7", created_at=NOW))
        db.commit()
    with time_machine.travel(NOW, tick=False):
        assert token_status(client, button.id) == (403, USED)
    events = json.loads(runner.invoke(args=["audit", "list", "--json"]).output)
    assert [(e["action"], e["outcome"], e["reason"]) for e in events] == [
        ("token", "refused", "daily budget used")
    ]
