"""Concurrent calls per button: slots claimed at `/call`, freed when the call ends or expires."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event, func, select

from callgate.buttons.store import update_button
from callgate.db import engine_of, get_db
from callgate.db.models import Call, CallSlot
from callgate.guardrails import slots
from callgate.hooks import refusals as hook_refusals
from tests.data import HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

TOO_MANY = {"status": 403, "reason": "too many calls"}
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def app(roomy_app):
    """These tests fetch more tokens per minute than the per-address limit allows."""
    return roomy_app


def held(app) -> list[tuple[int, str]]:
    with app.app_context():
        return list(get_db().execute(select(CallSlot.slot, CallSlot.call_id).order_by("slot")))


def set_limits(app, button_id: str, **limits: int) -> None:
    with app.app_context():
        update_button(get_db(), button_id, limits)


def test_third_simultaneous_call_is_refused(app, button, start_call):
    (first, a), (second, b) = start_call(button.id), start_call(button.id)
    third, _ = start_call(button.id)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (third.status_code, third.get_json()) == (403, TOO_MANY)
    assert held(app) == [(0, a["callId"]), (1, b["callId"])]
    with app.app_context():
        assert get_db().scalar(select(func.count()).select_from(Call)) == 2


@pytest.mark.parametrize(
    ("method", "status", "names_call"),
    [
        ("CallStatusEvent", "FINISH", True),
        ("CallStatusEvent", "FAILED", True),
        ("CallStatusEvent", "BUSY", True),
        ("hangup", None, True),
        ("ConnectionStatusEvent", "DISCONNECTED", False),
        ("ConnectionStatusEvent", "FAILED", False),
    ],
)
def test_the_end_of_a_call_frees_its_slot(app, button, wcs, start_call, method, status, names_call):
    _, first = start_call(button.id)
    _, second = start_call(button.id)
    call_id = first["callId"] if names_call else None
    assert wcs.post(method, wcs.event_body(first["sessionId"], status, call_id)).status_code == 200
    assert held(app) == [(1, second["callId"])]
    assert start_call(button.id)[0].status_code == 200


@pytest.mark.parametrize("status", ["TRYING", "RING", "SESSION_PROGRESS", "ESTABLISHED", "HOLD"])
def test_a_call_in_progress_keeps_its_slot(button, wcs, start_call, status):
    _, first = start_call(button.id)
    start_call(button.id)
    wcs.call_status(first, status)
    assert start_call(button.id)[0].get_json() == TOO_MANY


def test_a_finish_from_another_session_frees_nothing(app, button, wcs, start_call):
    _, first = start_call(button.id)
    _, second = start_call(button.id)
    wcs.post("CallStatusEvent", wcs.event_body(second["sessionId"], "FINISH", first["callId"]))
    assert held(app) == [(0, first["callId"]), (1, second["callId"])]


def test_retries_of_a_call_reuse_its_slot(app, button, wcs, start_call):
    response, first = start_call(button.id)
    start_call(button.id)
    for _ in range(3):
        retry = wcs.post("call", first)
        assert retry.status_code == 200 and retry.get_data() == response.get_data()
    assert len(held(app)) == 2


def test_a_lost_finish_frees_the_slot_after_the_expiry(app, button, start_call):
    set_limits(app, button.id, max_duration=60)
    with time_machine.travel(NOW, tick=False) as clock:
        start_call(button.id), start_call(button.id)
        clock.shift(60 + slots.MARGIN.total_seconds() - 1)
        assert start_call(button.id)[0].get_json() == TOO_MANY
        clock.shift(1)
        response, third = start_call(button.id)
    assert response.status_code == 200
    assert [call for _, call in held(app)] == [third["callId"]]


def test_claim_numbers_slots_and_sets_the_expiry(app, button):
    with app.app_context():
        db = get_db()
        assert [slots.claim(db, button, call, NOW) for call in ("a", "b", "a")] == [0, 1, 0]
        with pytest.raises(slots.TooManyCalls) as refused:
            slots.claim(db, button, "c", NOW)
        slots.release(db, "a")
        db.commit()
        assert slots.claim(db, button, "c", NOW) == 0
        expiry = db.scalar(select(CallSlot.expires_at).where(CallSlot.call_id == "c"))
    assert (refused.value.code, hook_refusals.answer_of(refused.value)[1]) == (
        "too_many_calls",
        403,
    )
    assert expiry == NOW + timedelta(seconds=900 + 60)


def test_a_claim_reads_once_and_inserts_once_and_deletes_only_ended_slots(app, button):
    """A slot is claimed in two statements; ended slots are deleted only when there are some."""
    statements: list[str] = []
    event.listen(engine_of(app), "before_cursor_execute", lambda *a: statements.append(a[2]))
    with app.app_context():
        db = get_db()
        assert slots.claim(db, button, "a", NOW) == 0
        assert [s.split()[0] for s in statements] == ["SELECT", "INSERT"]
        statements.clear()
        assert slots.claim(db, button, "a", NOW) == 0  # a retry of the same call: one read
        assert [s.split()[0] for s in statements] == ["SELECT"]
        later = NOW + timedelta(seconds=900) + slots.MARGIN
        statements.clear()
        assert slots.claim(db, button, "b", later) == 0  # a's slot has ended: taken again
        assert [s.split()[0] for s in statements] == ["SELECT", "DELETE", "INSERT"]
        db.commit()


def test_lowering_the_limit_counts_calls_already_in_slots(app, button, wcs, start_call):
    _, first = start_call(button.id)
    _, second = start_call(button.id)
    set_limits(app, button.id, max_concurrent=1)
    wcs.call_status(first, "FINISH")
    assert start_call(button.id)[0].get_json() == TOO_MANY
    wcs.call_status(second, "FINISH")
    assert start_call(button.id)[0].status_code == 200


def connected_sessions(wcs, get_token, button_id: str, count: int) -> list[str]:
    sids = [session_id() for _ in range(count)]
    for sid in sids:
        wcs.post("connect", FakeWcs.connect_body(get_token(button_id)["token"], ORIGIN, sid))
    return sids


def test_threads_racing_for_slots_get_exactly_max_concurrent(app, button, wcs, get_token):
    sids = connected_sessions(wcs, get_token, button.id, 6)
    barrier = threading.Barrier(len(sids))
    results: list[int] = []

    def run(sid: str) -> None:
        client = FakeWcs(app.test_client(), HOOK_SECRETS[0])
        body = FakeWcs.call_body(sid)
        barrier.wait()
        results.append(client.post("call", body).status_code)

    threads = [threading.Thread(target=run, args=(sid,)) for sid in sids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 200, 403, 403, 403, 403]
    assert [slot for slot, _ in held(app)] == [0, 1]


def _call_in_process(config: dict, sid: str, barrier, queue) -> None:
    from callgate.app import create_app

    client = FakeWcs(create_app(config).test_client(), HOOK_SECRETS[0])
    barrier.wait()
    queue.put(client.post("call", FakeWcs.call_body(sid)).status_code)


def test_processes_racing_for_slots_get_exactly_max_concurrent(app, button, wcs, get_token):
    sids = connected_sessions(wcs, get_token, button.id, 4)
    config = {
        k: app.config[k] for k in ("TESTING", "SECRET_KEY", "DATABASE_URL", "ENCRYPTION_KEYS")
    }
    config["WCS_HOOK_SECRETS"] = HOOK_SECRETS
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(len(sids)), context.Queue()
    workers = [
        context.Process(target=_call_in_process, args=(config, sid, barrier, queue)) for sid in sids
    ]
    for worker in workers:
        worker.start()
    results = sorted(queue.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    assert results == [200, 200, 403, 403]
    assert len(held(app)) == 2
