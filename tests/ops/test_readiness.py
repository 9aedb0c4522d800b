"""The readiness probe: a bounded wait, one check at a time, one result reused for a second."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from ops.readiness import Probe


def test_a_result_is_reused_within_the_ttl(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, tzinfo=UTC), tick=False)
    calls: list[int] = []
    probe = Probe(lambda: calls.append(1) or True, timeout=5, ttl=1)
    assert [probe.ready() for _ in range(5)] == [True] * 5
    assert len(calls) == 1
    time_machine.move_to(datetime(2026, 12, 1, tzinfo=UTC) + timedelta(seconds=2), tick=False)
    assert probe.ready() and len(calls) == 2


def test_a_slow_check_is_not_waited_for_and_not_run_twice():
    release, started = threading.Event(), []

    def stuck() -> bool:
        started.append(1)
        release.wait(10)
        return True

    probe = Probe(stuck, timeout=0.05, ttl=0)
    assert probe.ready() is False
    assert probe.ready() is False
    assert probe.checking and len(started) == 1
    release.set()


def test_a_failed_check_says_not_ready(time_machine):
    probe = Probe(lambda: False, timeout=5, ttl=0)
    assert probe.ready() is False
