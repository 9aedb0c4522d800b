"""config/work.py: the proof-of-work settings, their defaults and the values refused."""

from __future__ import annotations

import pytest

from callgate.errors import ConfigError


def test_defaults(make_app):
    config = make_app(POW_THRESHOLD=50).config
    assert (config["POW_THRESHOLD"], config["POW_DIFFICULTY"]) == (50, 16)
    assert (config["POW_MAX_DIFFICULTY"], config["POW_SECONDS"]) == (18, 60)


def test_the_shipped_default_asks_for_work_at_half_an_allowance():
    from callgate.config.work import DEFAULTS

    assert DEFAULTS["POW_THRESHOLD"] == 50


@pytest.mark.parametrize("value", ["off", None])
def test_off_switches_the_challenges_off(make_app, value):
    assert make_app(POW_THRESHOLD=value).config["POW_THRESHOLD"] is None


def test_the_environment_sets_them(make_app, monkeypatch):
    monkeypatch.setenv("CALLGATE_POW_THRESHOLD", "off")
    monkeypatch.setenv("CALLGATE_POW_DIFFICULTY", "12")
    config = make_app().config
    assert (config["POW_THRESHOLD"], config["POW_DIFFICULTY"]) == (None, 12)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("POW_THRESHOLD", -1, "CALLGATE_POW_THRESHOLD must be a percent from 0 to 100, or off"),
        ("POW_THRESHOLD", 101, "CALLGATE_POW_THRESHOLD must be a percent"),
        ("POW_THRESHOLD", 0.5, "CALLGATE_POW_THRESHOLD must be a percent"),
        ("POW_THRESHOLD", "on", "CALLGATE_POW_THRESHOLD must be a percent"),
        ("POW_THRESHOLD", True, "CALLGATE_POW_THRESHOLD must be a percent"),
        ("POW_DIFFICULTY", 7, "CALLGATE_POW_DIFFICULTY must be a whole number from 8 to 28"),
        ("POW_DIFFICULTY", 29, "CALLGATE_POW_DIFFICULTY must be a whole number from 8 to 28"),
        ("POW_DIFFICULTY", "16", "CALLGATE_POW_DIFFICULTY must be a whole number"),
        ("POW_MAX_DIFFICULTY", 40, "CALLGATE_POW_MAX_DIFFICULTY must be a whole number"),
        ("POW_MAX_DIFFICULTY", 15, "must not be below CALLGATE_POW_DIFFICULTY"),
        ("POW_SECONDS", 5, "CALLGATE_POW_SECONDS must be a whole number from 10 to 600"),
        ("POW_SECONDS", 601, "CALLGATE_POW_SECONDS must be a whole number from 10 to 600"),
        ("POW_SECONDS", False, "CALLGATE_POW_SECONDS must be a whole number"),
    ],
)
def test_bad_values_are_refused(make_app, key, value, says):
    with pytest.raises(ConfigError, match=says):
        make_app(**{key: value})
