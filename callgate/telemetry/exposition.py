"""Render the metrics in Prometheus' text format: every worker's counters, and the active calls.

The number of active calls lives in the database (the held call slots), so it is read once per
scrape, never per request.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("callgate")


class ActiveCalls(Collector):
    """A gauge read at scrape time: calls holding a slot now, from `count()`."""

    def __init__(self, count: Callable[[], int]) -> None:
        """Read the count with `count` on each scrape."""
        self.count = count

    def collect(self) -> Iterator[Metric]:
        """Yield the gauge; yield nothing if the database cannot be read (logged)."""
        try:
            value = self.count()
        except SQLAlchemyError as exc:
            log.error("metrics: cannot count active calls: %s", type(exc).__name__)
            return
        yield GaugeMetricFamily(
            "callgate_active_calls", "Calls in progress (holding a call slot).", value=value
        )


def render(count_active_calls: Callable[[], int]) -> bytes:
    """Return the text exposition of all metrics: every process's, then the active calls."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    extra = CollectorRegistry()
    extra.register(ActiveCalls(count_active_calls))
    return counted + generate_latest(extra)
