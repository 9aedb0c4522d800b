"""The lease: one holder at a time, renewed by its holder, taken over once it expires."""

from __future__ import annotations

import os
import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from callgate.calls.lease import Lease, holder_id
from callgate.db import get_db
from callgate.db.leases import LeaseRow

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()


def rows(db) -> list[tuple[str, str, datetime]]:
    return [
        tuple(r) for r in db.execute(select(LeaseRow.name, LeaseRow.holder, LeaseRow.expires_at))
    ]


def test_holder_ids_name_host_and_process_and_differ():
    first, second = holder_id(), holder_id()
    assert first.startswith(f"{socket.gethostname()}:{os.getpid()}:")
    assert first != second


def test_the_first_takes_it_then_renews_it_and_another_waits(db):
    one, two = Lease("watchdog", 15, "one"), Lease("watchdog", 15, "two")
    assert one.take(db, at(0)) == "taken"
    assert two.take(db, at(1)) is None
    assert one.take(db, at(5)) == "renewed"
    assert rows(db) == [("watchdog", "one", at(20))]
    assert (one.holds(db, at(19)), two.holds(db, at(19))) == (True, False)


@pytest.mark.parametrize(
    ("elapsed", "other_takes_it"), [(0, False), (14.999, False), (15, True), (60, True)]
)
def test_a_lease_not_renewed_is_taken_over_when_it_expires(db, elapsed, other_takes_it):
    one, two = Lease("watchdog", 15, "one"), Lease("watchdog", 15, "two")
    one.take(db, at(0))
    assert one.holds(db, at(elapsed)) is not other_takes_it
    assert (two.take(db, at(elapsed)) == "taken") is other_takes_it
    assert one.holds(db, at(elapsed)) is not other_takes_it
    assert one.take(db, at(elapsed)) == (None if other_takes_it else "renewed")


def test_the_holder_that_lost_it_takes_it_again_as_a_takeover(db):
    one, two = Lease("watchdog", 15, "one"), Lease("watchdog", 15, "two")
    one.take(db, at(0))
    two.take(db, at(15))
    two.release(db)
    assert one.take(db, at(16)) == "taken"


def test_release_frees_it_at_once_but_only_the_holder_s(db):
    one, two = Lease("watchdog", 15, "one"), Lease("watchdog", 15, "two")
    one.take(db, at(0))
    two.release(db)
    assert rows(db) == [("watchdog", "one", at(15))]
    one.release(db)
    assert rows(db) == [] and not one.holds(db, at(1))
    assert two.take(db, at(1)) == "taken"


def test_leases_of_other_names_are_apart(db):
    assert Lease("watchdog", 15, "one").take(db, at(0)) == "taken"
    assert Lease("other", 15, "two").take(db, at(0)) == "taken"


def test_of_many_taking_it_at_once_exactly_one_gets_it(app):
    leases = [Lease("watchdog", 15) for _ in range(8)]
    results: list[str | None] = []
    ready = threading.Barrier(len(leases))

    def take(lease: Lease) -> None:
        with app.app_context():
            ready.wait()
            results.append(lease.take(get_db(), START))

    threads = [threading.Thread(target=take, args=(lease,)) for lease in leases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [None] * 7 + ["taken"]
