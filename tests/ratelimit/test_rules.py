"""ratelimit/rules.py: limit kinds, validation, a button's overrides and their fallback."""

from __future__ import annotations

import logging

import pytest

from callgate.ratelimit.rules import (
    CONFIG_KEYS,
    DEFAULTS,
    LimitError,
    check_limits,
    check_overrides,
    limits_for,
    parse_pairs,
)

CONFIG = {CONFIG_KEYS[kind]: DEFAULTS[kind] for kind in DEFAULTS}


def test_defaults_follow_the_security_proposal():
    assert DEFAULTS["ip"] == "3/minute;10/hour;20/day"
    assert DEFAULTS["prefix"] == "15/minute;50/hour;100/day"
    assert DEFAULTS["button"] == "200/day"
    for kind, text in DEFAULTS.items():
        assert check_limits(kind, text) == text


@pytest.mark.parametrize("text", ["5/minute", " 1/second;100/day ", "10 per hour", "0/minute"])
def test_valid_limits_are_kept_stripped(text):
    assert check_limits("ip", text) == text.strip()


@pytest.mark.parametrize(
    "text", ["", "5", "five/minute", "5/fortnight", "5/minute;", "-1/minute", None, 5]
)
def test_invalid_limits_are_refused_clearly(text):
    with pytest.raises(LimitError, match="ip limits"):
        check_limits("ip", text)


def test_empty_is_allowed_only_when_asked():
    assert check_limits("global", "", allow_empty=True) == ""
    assert check_limits("global", "  ", allow_empty=True) == ""
    with pytest.raises(LimitError):
        check_limits("global", "")


def test_unknown_kind_is_refused():
    with pytest.raises(LimitError, match="unknown limit kind 'ipv4'"):
        check_limits("ipv4", "1/minute")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"global": "1/minute"}, "a button can set ip, prefix, button limits, not 'global'"),
        ({"ipv6": "1/minute"}, "not 'ipv6'"),
        ({"ip": "lots"}, "ip limits 'lots' are not valid"),
        (["ip=1/minute"], "KIND=LIMITS"),
    ],
)
def test_overrides_are_checked(value, message):
    with pytest.raises(LimitError, match=message):
        check_overrides(value)


def test_pairs_set_merge_and_remove_overrides():
    current = {"ip": "5/minute", "button": "500/day"}
    result = parse_pairs(["prefix=30/minute", "ip= 6/minute ", "button="], current)
    assert result == {"ip": "6/minute", "prefix": "30/minute"}
    assert current == {"ip": "5/minute", "button": "500/day"}


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("ip", "must look like KIND=LIMITS"),
        ("global=1/minute", "not 'global'"),
        ("global=", "not 'global'"),
        ("ip=often", "not valid"),
    ],
)
def test_bad_pairs_are_refused(pair, message):
    with pytest.raises(LimitError, match=message):
        parse_pairs([pair])


@pytest.mark.parametrize(
    ("kind", "overrides", "expected"),
    [
        ("ip", None, DEFAULTS["ip"]),
        ("ip", {"ip": "5/minute"}, "5/minute"),
        ("button", {"ip": "5/minute"}, DEFAULTS["button"]),
        ("button", {"button": "500/day"}, "500/day"),
        ("global", {"global": "1/day"}, DEFAULTS["global"]),
    ],
)
def test_limits_for_prefers_a_valid_override(kind, overrides, expected):
    assert limits_for(kind, CONFIG, overrides) == expected


def test_an_invalid_stored_override_falls_back_to_the_installation_limits(caplog):
    with caplog.at_level(logging.ERROR, logger="callgate.ratelimit.rules"):
        assert limits_for("ip", CONFIG, {"ip": "unlimited"}) == DEFAULTS["ip"]
    assert "ignoring invalid ip token limit" in caplog.text
