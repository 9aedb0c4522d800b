"""Property-style: however WCS retries, delays and interleaves events, the budget totals agree.

Each seed builds a random event stream for a few calls. One button receives every event once,
at its first arrival; another receives the same arrivals plus retried copies later, interleaved
at random. Both must match a model where the first arrival of each event is what counts.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from callgate.buttons.store import create_button, get_button, update_button
from callgate.calls.events import TERMINAL
from callgate.calls.history import list_calls
from callgate.db import get_db
from callgate.guardrails import budget
from tests.data import BUTTON

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
HORIZON = 1800
NOW = START + timedelta(seconds=HORIZON)
CALLS = 4
Event = tuple[int, str, str | None, int]  # seconds after START, method, status, call index


@pytest.fixture
def app(roomy_app):
    """These tests fetch more tokens per minute than the per-address limit allows."""
    return roomy_app


def scenario(rng: random.Random) -> list[Event]:
    """Return each event once, at the second it first reaches Callgate (not always in order)."""
    events: list[Event] = []
    for index in range(CALLS):
        kind = rng.choice(["finished", "in progress", "failed", "disconnected"])
        events.append((rng.randint(1, 20), "CallStatusEvent", "TRYING", index))
        established = rng.randint(1, 60)
        if kind != "failed":
            events.append((established, "CallStatusEvent", "ESTABLISHED", index))
        end = established + rng.randint(-30, 600)  # negative: the end overtook ESTABLISHED
        if kind in ("finished", "failed"):
            status = rng.choice(sorted(TERMINAL)) if kind == "finished" else "FAILED"
            events.append((max(1, end), "CallStatusEvent", status, index))
            if rng.random() < 0.3:  # a second, different terminal status must change nothing
                later = rng.choice(sorted(TERMINAL - {status}))
                events.append((max(1, end) + rng.randint(1, 99), "CallStatusEvent", later, index))
            events.append((max(1, end + rng.randint(0, 5)), "hangup", None, index))
        if kind == "disconnected":
            events.append((max(1, end), "ConnectionStatusEvent", "DISCONNECTED", index))
    return events


def with_retries(events: list[Event], rng: random.Random) -> list[Event]:
    """Return `events` plus retried copies of some, later, with ties in random order."""
    deliveries = list(events)
    for second, *rest in events:
        deliveries += [(second + rng.randint(0, 300), *rest) for _ in range(rng.choice([0, 1, 3]))]
    rng.shuffle(deliveries)
    return sorted(deliveries, key=lambda event: event[0])


def model(events: list[Event]) -> tuple[int, float]:
    """Return (calls, talk seconds at NOW) counting only each event's first arrival."""
    first: dict[tuple, int] = {}
    for second, method, status, index in sorted(events, key=lambda event: event[0]):
        first.setdefault((index, method, status), second)
    talk = 0.0
    for index in range(CALLS):
        established = first.get((index, "CallStatusEvent", "ESTABLISHED"))
        ends = [first[(index, m, s)] for (i, m, s) in first if i == index and s in TERMINAL]
        closed = first.get((index, "ConnectionStatusEvent", "DISCONNECTED"))
        if established is None:
            continue
        end = min(ends) if ends else min(closed or HORIZON, HORIZON)
        talk += max(0, end - established)
    return CALLS, talk


def play(wcs, start_call, button_id: str, deliveries: list[Event]) -> list[tuple]:
    """Place the calls at START, deliver the events at their seconds; return the call log."""
    with time_machine.travel(START, tick=False) as clock:
        calls = [start_call(button_id)[1] for _ in range(CALLS)]
        for second, method, status, index in deliveries:
            clock.move_to(START + timedelta(seconds=second))
            call = calls[index]
            call_id = None if method == "ConnectionStatusEvent" else call["callId"]
            body = wcs.event_body(call["sessionId"], status, call_id)
            assert wcs.post(method, body).status_code == 200
    order = {call["callId"]: index for index, call in enumerate(calls)}
    with wcs.client.application.app_context():
        log = list_calls(get_db(), button_id)
    return sorted((order[c["callId"]], c["finalStatus"], c["talkSeconds"]) for c in log)


@pytest.mark.parametrize("seed", range(8))
def test_retried_and_interleaved_events_give_the_same_totals(app, button, wcs, start_call, seed):
    rng = random.Random(seed)
    events = scenario(rng)
    with app.app_context():
        db = get_db()
        other = create_button(db, dict(BUTTON)).id
        for button_id in (button.id, other):
            update_button(db, button_id, {"max_concurrent": 10})
    once = play(wcs, start_call, button.id, sorted(events, key=lambda event: event[0]))
    retried = play(wcs, start_call, other, with_retries(events, rng))
    with app.app_context():
        db = get_db()
        totals = [budget.usage(db, get_button(db, b), NOW) for b in (button.id, other)]
    assert once == retried
    assert totals[0] == totals[1] == budget.Usage(*model(events))
