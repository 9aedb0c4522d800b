"""Report keys: signed, bound to one jti, expiring, rotating with the token keys."""

from __future__ import annotations

import pytest
import time_machine

from callgate.calltokens.report_keys import (
    MAX_AGE,
    ReportKeyError,
    issue_report_key,
    load_report_key,
)
from callgate.calltokens.tokens import issue_token

KEYS = ["old-key-0123456789", "new-key-0123456789"]


def test_a_key_names_the_jti_it_was_issued_for():
    assert load_report_key(issue_report_key(KEYS, "jti-42"), KEYS) == "jti-42"


def test_a_key_signed_by_the_old_key_still_loads_after_rotation():
    key = issue_report_key(KEYS[:1], "jti-7")
    assert load_report_key(key, KEYS) == "jti-7"


@pytest.mark.parametrize(
    "key",
    [
        None,
        "",
        42,
        "x" * 201,
        "not.a.key",
        issue_report_key(["someone-elses-key-000"], "jti-1"),
        issue_token(KEYS, "button", "https://shop.example.com"),  # a call token is no report key
        issue_report_key(KEYS, "jti-1")[:-2] + "xx",
    ],
    # Fixed ids: the signed values carry the time, and parallel workers must collect alike.
    ids=[
        "none",
        "empty",
        "number",
        "too-long",
        "no-signature",
        "other-key",
        "call-token",
        "altered",
    ],
)
def test_bad_keys_are_refused(key):
    with pytest.raises(ReportKeyError):
        load_report_key(key, KEYS)


def test_a_key_expires_after_the_longest_call_and_a_rating():
    with time_machine.travel("2026-12-01T10:00:00Z", tick=False) as clock:
        key = issue_report_key(KEYS, "jti-9")
        clock.shift(MAX_AGE)
        assert load_report_key(key, KEYS) == "jti-9"
        clock.shift(2)
        with pytest.raises(ReportKeyError, match="expired"):
            load_report_key(key, KEYS)
