"""One token, many simultaneous connects: exactly one wins, in threads and in processes."""

from __future__ import annotations

import multiprocessing
import threading

from callgate.db import get_db
from callgate.db.models import WcsSession
from tests.data import HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

RACERS = 6


def _race_threads(app, body_for) -> list[int]:
    barrier = threading.Barrier(RACERS)
    results: list[int] = [0] * RACERS

    def run(i: int) -> None:
        wcs = FakeWcs(app.test_client(), HOOK_SECRETS[0])
        body = body_for(i)
        barrier.wait()
        results[i] = wcs.post("connect", body).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_threads_one_token_many_sessions(app, button, get_token):
    token = get_token(button.id)["token"]
    results = _race_threads(app, lambda i: FakeWcs.connect_body(token, ORIGIN, session_id()))
    assert sorted(results) == [200] + [403] * (RACERS - 1)
    with app.app_context():
        assert get_db().query(WcsSession).count() == 1


def _connect_in_process(config: dict, body: dict, barrier, queue) -> None:
    from callgate.app import create_app

    client = create_app(config).test_client()
    barrier.wait()
    queue.put(FakeWcs(client, HOOK_SECRETS[0]).post("connect", body).status_code)


def test_processes_one_token_many_sessions(app, button, get_token):
    token = get_token(button.id)["token"]
    config = {
        k: app.config[k]
        for k in ("TESTING", "SECRET_KEY", "DATABASE_URL", "WCS_HOOK_SECRETS", "ENCRYPTION_KEYS")
    }
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(4), context.Queue()
    workers = [
        context.Process(
            target=_connect_in_process,
            args=(config, FakeWcs.connect_body(token, ORIGIN, session_id()), barrier, queue),
        )
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    results = sorted(queue.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    assert results == [200, 403, 403, 403]


def test_threads_one_session_many_calls(app, button, wcs, get_token):
    sid = session_id()
    wcs.post("connect", FakeWcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    barrier = threading.Barrier(RACERS)
    results: list[int] = []

    def run() -> None:
        client = FakeWcs(app.test_client(), HOOK_SECRETS[0])
        body = FakeWcs.call_body(sid)
        barrier.wait()
        results.append(client.post("call", body).status_code)

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200] + [403] * (RACERS - 1)
