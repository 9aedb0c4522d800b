"""The counter row adds up exactly when the ends of calls arrive at once from many processes.

Twelve answered calls; each gets FINISH from one process and FAILED from another (as WCS
retrying on two nodes might), all released together (4 processes of 6 threads, each its own
app and connection pool, as gunicorn workers are). Each call's talk time must be counted once.
"""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime

import pytest

from callgate.buttons.store import get_button, update_button
from callgate.db import get_db
from callgate.guardrails import budget
from tests.data import HOOK_SECRETS
from tests.wcs import FakeWcs

PROCESSES, CALLS = 4, 12
CONFIG_KEYS = ("TESTING", "SECRET_KEY", "DATABASE_URL", "WCS_HOOK_SECRETS", "ENCRYPTION_KEYS")


@pytest.fixture
def app(roomy_app):
    return roomy_app


def _events_in_process(config: dict, events: list[tuple[dict, str]], barrier, queue) -> None:
    from callgate.app import create_app

    app = create_app(config)
    codes: list[int] = []

    def send(call: dict, status: str) -> None:
        wcs = FakeWcs(app.test_client(), HOOK_SECRETS[0])
        barrier.wait()
        codes.append(wcs.call_status(call, status).status_code)

    threads = [threading.Thread(target=send, args=event) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(codes)


def test_ends_of_calls_at_once_are_counted_once(app, button, wcs, start_call):
    with app.app_context():
        update_button(get_db(), button.id, {"max_concurrent": CALLS})
    calls = [start_call(button.id)[1] for _ in range(CALLS)]
    for call in calls:
        assert wcs.call_status(call, "ESTABLISHED").status_code == 200
    # Process n sends FINISH for calls n, n+4, n+8 and FAILED for those of process n+1.
    events = [
        [(call, "FINISH") for call in calls[n::PROCESSES]]
        + [(call, "FAILED") for call in calls[(n + 1) % PROCESSES :: PROCESSES]]
        for n in range(PROCESSES)
    ]
    config = {key: app.config[key] for key in CONFIG_KEYS}
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(2 * CALLS), context.Queue()
    workers = [
        context.Process(target=_events_in_process, args=(config, mine, barrier, queue))
        for mine in events
    ]
    for worker in workers:
        worker.start()
    codes = [code for _ in workers for code in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
    assert codes == [200] * 2 * CALLS
    now = datetime.now(UTC)
    with app.app_context():
        db = get_db()
        button = get_button(db, button.id)
        counted, recounted = budget.counted(db, button, now), budget.usage(db, button, now)
    assert recounted.seconds > 0
    assert (counted.calls, counted.seconds) == (CALLS, pytest.approx(recounted.seconds))
