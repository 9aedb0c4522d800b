"""Signed jti keys (calltokens/signed_ids.py) and the overflow keys made with them: each kind
under its own salt, so a report key, a call token or another kind's key is never accepted."""

from __future__ import annotations

import pytest
import time_machine

from callgate.calltokens.overflow_keys import (
    MAX_AGE,
    OverflowKeyError,
    issue_overflow_key,
    load_overflow_key,
)
from callgate.calltokens.report_keys import ReportKeyError, issue_report_key, load_report_key
from callgate.calltokens.signed_ids import load_jti, sign_jti
from callgate.calltokens.tokens import issue_token

KEYS = ["old-key-0123456789", "new-key-0123456789"]


def test_a_key_names_its_jti_under_its_salt_only():
    key = sign_jti(KEYS, "salt-a", "jti-1")
    assert load_jti(key, KEYS, "salt-a", 60, OverflowKeyError) == "jti-1"
    with pytest.raises(OverflowKeyError, match="invalid"):
        load_jti(key, KEYS, "salt-b", 60, OverflowKeyError)


def test_overflow_and_report_keys_are_not_each_other():
    overflow, report = issue_overflow_key(KEYS, "jti-2"), issue_report_key(KEYS, "jti-2")
    assert load_overflow_key(overflow, KEYS) == load_report_key(report, KEYS) == "jti-2"
    with pytest.raises(OverflowKeyError):
        load_overflow_key(report, KEYS)
    with pytest.raises(ReportKeyError):
        load_report_key(overflow, KEYS)


def test_an_overflow_key_signed_by_the_old_key_loads_after_rotation():
    assert load_overflow_key(issue_overflow_key(KEYS[:1], "jti-3"), KEYS) == "jti-3"


@pytest.mark.parametrize(
    ("key", "why"),
    [
        (None, "missing"),
        ("", "missing"),
        (42, "missing"),
        ("x" * 201, "missing"),
        ("\ud800", "invalid"),
        ("ключ", "invalid"),
        ("not.a.key", "invalid"),
        (issue_overflow_key(["someone-elses-key-000"], "jti-1"), "invalid"),
        (issue_token(KEYS, "button", "https://shop.example.com"), "invalid"),
        (issue_overflow_key(KEYS, "jti-1")[:-2] + "xx", "invalid"),
        (sign_jti(KEYS, "callgate.overflow-key.v1", ""), "malformed"),
    ],
    ids=[
        "none",
        "empty",
        "number",
        "too-long",
        "surrogate",
        "not-ascii",
        "no-signature",
        "other-key",
        "call-token",
        "altered",
        "empty-jti",
    ],
)
def test_bad_overflow_keys_are_refused_with_why(key, why):
    with pytest.raises(OverflowKeyError, match=why):
        load_overflow_key(key, KEYS)


def test_an_overflow_key_expires_after_its_max_age():
    with time_machine.travel("2026-12-01T10:00:00Z", tick=False) as clock:
        key = issue_overflow_key(KEYS, "jti-9")
        clock.shift(MAX_AGE)
        assert load_overflow_key(key, KEYS) == "jti-9"
        clock.shift(1)
        with pytest.raises(OverflowKeyError, match="expired"):
            load_overflow_key(key, KEYS)
