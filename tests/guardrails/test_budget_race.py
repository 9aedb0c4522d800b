"""The daily call budget holds exactly under parallel `/call`s from many processes.

Budget 3, 20 calls at once (4 processes of 5 threads, each its own app and connection pool,
as gunicorn workers are): exactly 3 are accepted, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.models import Call, DailyUsage
from tests.data import HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

PROCESSES, THREADS, BUDGET = 4, 5, 3
CONFIG_KEYS = ("TESTING", "SECRET_KEY", "DATABASE_URL", "WCS_HOOK_SECRETS", "ENCRYPTION_KEYS")


@pytest.fixture
def app(roomy_app):
    return roomy_app


def _calls_in_process(config: dict, sids: list[str], barrier, queue) -> None:
    from callgate.app import create_app

    app = create_app(config)
    answers: list[tuple[int, str]] = []

    def call(sid: str) -> None:
        wcs = FakeWcs(app.test_client(), HOOK_SECRETS[0])
        body = FakeWcs.call_body(sid)
        barrier.wait()
        response = wcs.post("call", body)
        answers.append((response.status_code, (response.get_json() or {}).get("reason", "")))

    threads = [threading.Thread(target=call, args=(sid,)) for sid in sids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(answers)


def test_twenty_parallel_calls_on_a_budget_of_three(app, button, wcs, get_token):
    with app.app_context():
        update_button(get_db(), button.id, {"daily_calls": BUDGET, "max_concurrent": 100})
    sids = [session_id() for _ in range(PROCESSES * THREADS)]
    for sid in sids:
        connect = FakeWcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
        assert wcs.post("connect", connect).status_code == 200
    config = {key: app.config[key] for key in CONFIG_KEYS}
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(len(sids)), context.Queue()
    workers = [
        context.Process(
            target=_calls_in_process,
            args=(config, sids[n * THREADS : (n + 1) * THREADS], barrier, queue),
        )
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    answers = Counter(answer for _ in workers for answer in queue.get(timeout=120))
    for worker in workers:
        worker.join(timeout=30)
    print(f"answers: {dict(answers)}")
    assert answers == {(200, ""): BUDGET, (403, "daily budget used"): len(sids) - BUDGET}
    with app.app_context():
        db = get_db()
        assert db.scalar(select(func.count()).select_from(Call)) == BUDGET
        assert db.scalar(select(DailyUsage.calls)) == BUDGET
