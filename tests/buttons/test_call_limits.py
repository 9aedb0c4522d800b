"""A button's call limits: durations as people write them, bounds, and the CLI options."""

from __future__ import annotations

import json

import pytest

from callgate.buttons import store
from callgate.buttons.call_limits import parse_duration
from callgate.buttons.validate import ButtonError, clean
from callgate.db import get_db
from tests.cli.test_cmd_button import assert_refused, create_args

DEFAULTS = {"maxConcurrent": 2, "maxDuration": 900, "dailyCalls": 100, "dailyMinutes": 120}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("900", 900), ("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), (" 2M5S ", 125)],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15 m", "1.5m", "-5", "1h30", "15min", "٣", "1d"])
def test_parse_duration_refuses(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_concurrent", 0),
        ("max_concurrent", 101),
        ("max_duration", 0),
        ("max_duration", 86401),
        ("daily_calls", -1),
        ("daily_calls", 100_001),
        ("daily_minutes", 0),
        ("daily_minutes", 144_001),
        ("daily_minutes", True),
        ("max_concurrent", 2.0),
        ("daily_calls", "5"),
    ],
)
def test_limits_out_of_bounds_are_refused(field, value):
    with pytest.raises(ButtonError, match="must be a whole number from"):
        clean({field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_concurrent", 1), ("max_concurrent", 100), ("max_duration", 86400), ("daily_minutes", 1)],
)
def test_limits_at_the_bounds_are_kept(field, value):
    assert clean({field: value}) == {field: value}


def show(runner, button_id: str) -> tuple[dict, str]:
    data = runner.invoke(args=["button", "show", button_id, "--json"]).output
    return json.loads(data)["limits"], runner.invoke(args=["button", "show", button_id]).output


def test_create_has_default_limits_and_show_prints_them(runner):
    created = runner.invoke(args=[*create_args(), "--sip-password-stdin", "--json"], input="pw\n")
    button_id = json.loads(created.output)["id"]
    limits, text = show(runner, button_id)
    assert limits == DEFAULTS
    for key, value in DEFAULTS.items():
        assert f"limits.{key}: {value}\n" in text


def test_create_and_update_set_limits(app, runner):
    options = ["--max-concurrent", "3", "--max-duration", "10m", "--daily-calls", "50"]
    args = [*create_args(), *options, "--daily-minutes", "30", "--sip-password-stdin", "--json"]
    button_id = json.loads(runner.invoke(args=args, input="pw\n").output)["id"]
    assert show(runner, button_id)[0] == {
        "maxConcurrent": 3,
        "maxDuration": 600,
        "dailyCalls": 50,
        "dailyMinutes": 30,
    }
    result = runner.invoke(args=["button", "update", button_id, "--max-duration", "3"])
    assert result.exit_code == 0, result.output
    assert show(runner, button_id)[0] == {
        "maxConcurrent": 3,
        "maxDuration": 3,
        "dailyCalls": 50,
        "dailyMinutes": 30,
    }
    with app.app_context():
        assert store.get_button(get_db(), button_id).max_duration == 3


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--max-concurrent", "0", "max concurrent calls"),
        ("--max-concurrent", "two", "--max-concurrent"),
        ("--max-duration", "15 minutes", "duration"),
        ("--max-duration", "2d", "duration"),
        ("--max-duration", "25h", "max duration in seconds"),
        ("--daily-calls", "0", "daily calls"),
        ("--daily-minutes", "-3", "daily minutes"),
    ],
)
def test_update_refuses_bad_limits(runner, button, option, value, fragment):
    result = runner.invoke(args=["button", "update", button.id, option, value])
    assert_refused(result, fragment)
    assert show(runner, button.id)[0] == DEFAULTS
