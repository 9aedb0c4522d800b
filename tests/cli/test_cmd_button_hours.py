"""`flask button create|update` with hours, time zone, holidays, closed message, fallback, DTMF."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.schedule import BUSINESS_HOURS
from callgate.buttons.store import get_button
from callgate.db import get_db
from callgate.db.models import ALWAYS_OPEN
from tests.cli.test_cmd_button import assert_refused, create_args, stored_ids


def create(runner, *extra: str) -> dict:
    result = runner.invoke(
        args=[*create_args(), *extra, "--sip-password-stdin", "--json"], input="pw\n"
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def update(runner, button_id: str, *args: str) -> dict:
    result = runner.invoke(args=["button", "update", button_id, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_new_buttons_keep_business_hours_and_no_keypad(app, runner):
    data = create(runner)
    assert data["hours"] == {
        "text": "mon-fri 08:00-20:00",
        "timezone": "UTC",
        "schedule": BUSINESS_HOURS,
        "holidays": [],
        "closedMessage": None,
        "fallback": None,
    }
    assert (data["dtmf"], data["killSwitch"]) == (False, False)


def test_create_with_every_hours_option(app, runner):
    data = create(
        runner,
        *("--hours", "24/7", "--timezone", "Europe/Berlin"),
        *("--holiday", "2026-12-31", "--holiday", "2026-12-24"),
        *("--closed-message", "Back on Monday", "--fallback", "tel:+493012345678", "--dtmf"),
    )
    with app.app_context():
        stored = get_button(get_db(), data["id"])
    assert (stored.schedule, stored.timezone) == (ALWAYS_OPEN, "Europe/Berlin")
    assert stored.holidays == ["2026-12-24", "2026-12-31"]
    assert (stored.closed_message, stored.fallback, stored.dtmf) == (
        "Back on Monday",
        "tel:+493012345678",
        True,
    )


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--hours", "mo-fr 09:00-17:00"], "unknown day 'mo-fr'"),
        (["--hours", "mon-fri 9-17"], "must look like 09:00-18:00"),
        (["--hours", ""], "no opening hours"),
        (["--timezone", "Europe/Atlantis"], "unknown time zone"),
        (["--holiday", "2026-02-30"], "must be a date like 2026-12-31"),
        (["--fallback", "http://example.com"], "https:// URL"),
        (["--fallback", "javascript:alert(1)"], "E.164"),
        (["--closed-message", "x" * 301], "closed message"),
        (["--clear-holidays"], "--clear-holidays"),
    ],
)
def test_create_refuses_bad_hours_options(runner, extra, fragment):
    result = runner.invoke(args=[*create_args(), *extra, "--sip-password-stdin"], input="pw\n")
    assert_refused(result, fragment)
    assert stored_ids(runner) == []


def test_update_adds_and_clears_holidays(runner):
    button_id = create(runner, "--holiday", "2026-12-24")["id"]
    added = update(runner, button_id, "--holiday", "2026-12-31", "--holiday", "2026-12-24")
    assert added["hours"]["holidays"] == ["2026-12-24", "2026-12-31"]
    replaced = update(runner, button_id, "--clear-holidays", "--holiday", "2027-01-01")
    assert replaced["hours"]["holidays"] == ["2027-01-01"]
    assert update(runner, button_id, "--clear-holidays")["hours"]["holidays"] == []


def test_update_changes_only_what_is_given(runner):
    created = create(runner, "--closed-message", "Closed", "--fallback", "https://example.com/c")
    button_id = created["id"]
    data = update(runner, button_id, "--hours", "sat 10:00-14:00", "--dtmf")
    assert data["hours"]["text"] == "sat 10:00-14:00"
    assert (data["hours"]["closedMessage"], data["hours"]["fallback"]) == (
        "Closed",
        "https://example.com/c",
    )
    assert data["dtmf"] is True
    data = update(runner, button_id, "--closed-message", "", "--fallback", "", "--no-dtmf")
    assert (data["hours"]["closedMessage"], data["hours"]["fallback"], data["dtmf"]) == (
        None,
        None,
        False,
    )
    assert data["hours"]["text"] == "sat 10:00-14:00"


def test_update_refuses_bad_hours_and_keeps_the_old(runner):
    button_id = create(runner, "--hours", "24/7")["id"]
    result = runner.invoke(args=["button", "update", button_id, "--hours", "mon 18:00-09"])
    assert_refused(result, "must look like")
    shown = runner.invoke(args=["button", "show", button_id, "--json"])
    assert json.loads(shown.output)["hours"]["text"] == "24/7"


def test_update_of_an_unknown_button_with_holidays(runner):
    result = runner.invoke(args=["button", "update", "nope", "--holiday", "2026-12-31"])
    assert_refused(result, "no button 'nope'")


def test_show_prints_hours(runner):
    button_id = create(
        runner, "--hours", "mon-fri 09:00-18:00; sat 10:00-14:00", "--timezone", "Europe/Berlin"
    )["id"]
    result = runner.invoke(args=["button", "show", button_id])
    assert "hours: mon-fri 09:00-18:00; sat 10:00-14:00 (Europe/Berlin)" in result.output
    assert "holidays: none" in result.output
    assert "dtmf: False" in result.output and "killSwitch: False" in result.output
