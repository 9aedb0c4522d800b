"""The metric helpers: bounded labels. What one count costs is printed by dev/bench/metrics.py."""

from __future__ import annotations

import pytest

from callgate.telemetry import metrics

KNOWN = {"connect", "call", "CallStatusEvent"}


def value(name: str, **labels: str) -> float:
    found = metrics.HOOKS.collect()[0].samples
    return next((s.value for s in found if s.name == name and s.labels == labels), 0.0)


@pytest.mark.parametrize(
    ("method", "label"),
    [
        ("connect", "connect"),
        ("CallStatusEvent", "CallStatusEvent"),
        ("Connect", "other"),
        ("", "other"),
        ("x" * 5000, "other"),
        ("connect\n", "other"),
    ],
)
def test_hook_methods_outside_the_known_ones_count_as_other(method, label):
    before = value("callgate_hooks_total", method=label, status="200")
    metrics.hook_answered(method, KNOWN, 200, 0.002)
    assert value("callgate_hooks_total", method=label, status="200") == before + 1
