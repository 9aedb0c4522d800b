"""The tally of refused hooks and token requests: counts per minute and key, written in one
batch, a failed write logged and lost without stopping later counts."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from callgate.audit import tally

REFUSAL = tally.Refusal("connect", "bad signature", "192.0.2.1", "bad_signature", {"code": "x"})
OTHER = tally.Refusal("call", "bad signature", "192.0.2.1", "bad_signature", {"code": "y"})


def at(minute: int, second: int) -> datetime:
    return datetime(2026, 12, 1, 9, minute, second, tzinfo=UTC)


def test_counts_are_kept_per_minute_and_key_with_their_first_time():
    written: list[list] = []
    counts = tally.Tally(written.append, 3600, "t", "hook")
    for moment in (at(0, 10), at(0, 50), at(1, 0)):
        counts.add(REFUSAL, moment)
    counts.add(OTHER, at(0, 20))
    assert written == []
    counts.flush()
    assert sorted((r.action, n, t) for r, n, t in written[0]) == [
        ("call", 1, at(0, 20)),
        ("connect", 1, at(1, 0)),
        ("connect", 2, at(0, 10)),
    ]
    counts.flush()
    assert len(written) == 1  # nothing new, nothing written


def test_an_interval_of_zero_writes_each_refusal_at_once():
    written: list[list] = []
    counts = tally.Tally(written.append, 0, "t", "hook")
    counts.add(REFUSAL, at(0, 1))
    counts.add(REFUSAL, at(0, 2))
    assert [[(n, t) for _, n, t in rows] for rows in written] == [[(1, at(0, 1))], [(1, at(0, 2))]]


def test_a_failed_write_is_logged_and_later_refusals_still_count(caplog):
    written: list[list] = []

    def writer(rows):
        if not written:
            written.append([])
            raise RuntimeError("database away")
        written.append(rows)

    counts = tally.Tally(writer, 3600, "callgate.hooks.routes", "hook")
    refusal = tally.Refusal("connect", "bad signature", "192.0.2.1", "bad_signature", {})
    counts.add(refusal, datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    with caplog.at_level(logging.ERROR):
        counts.flush()
    assert "1 counted hook refusals could not be written" in caplog.text
    counts.add(refusal, datetime(2026, 12, 1, 9, 0, 1, tzinfo=UTC))
    counts.add(refusal, datetime(2026, 12, 1, 9, 0, 2, tzinfo=UTC))
    counts.flush()
    assert [(r.reason, n, at.second) for r, n, at in written[1]] == [("bad signature", 2, 1)]
