"""The console's call log: calls and refused attempts merged, filtered by outcome and time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from callgate.audit.trail import record
from callgate.calls.log import Filters, search
from callgate.db import get_db
from callgate.db.models import AuditEvent
from tests.calls.test_stats import NOW, add_call


@pytest.fixture
def history(app, button):
    with app.app_context():
        db = get_db()
        add_call(db, button, NOW - timedelta(minutes=1))
        add_call(db, button, NOW - timedelta(minutes=2), answered=False)
        add_call(db, button, NOW - timedelta(minutes=3), finished=False)
        record(db, "token", "refused", "rate limit ip", code="rate_limited_ip", button_id=button.id)
        record(
            db, "token", "refused", "rate limit ip", code="rate_limited_ip", button_id="not-visible"
        )
        db.query(AuditEvent).update({"at": NOW - timedelta(minutes=4)})
        db.commit()
        yield db


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (None, ["answered", "failed", "in_progress", "refused"]),
        ("answered", ["answered"]),
        ("failed", ["failed"]),
        ("in_progress", ["in_progress"]),
        ("refused", ["refused"]),
    ],
)
def test_outcomes(history, button, outcome, expected):
    rows, total = search(history, [button], Filters([button.id], outcome), 0, 50)
    assert [row.outcome for row in rows] == expected and total == len(expected)


def test_newest_first_and_paged(history, button):
    rows, total = search(history, [button], Filters([button.id]), 1, 2)
    assert total == 4 and [row.outcome for row in rows] == ["failed", "in_progress"]


def test_a_time_range(history, button):
    since = NOW - timedelta(minutes=2, seconds=30)
    rows, _total = search(history, [button], Filters([button.id], None, since, NOW), 0, 50)
    assert [row.outcome for row in rows] == ["answered", "failed"]
    empty = Filters(
        [button.id], None, datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 2, tzinfo=UTC)
    )
    assert search(history, [button], empty, 0, 50) == ([], 0)


@pytest.fixture
def long_history(app, button):
    """60 calls (answered, failed, in progress in turn) and 40 refusals, interleaved in time."""
    with app.app_context():
        db = get_db()
        for n in range(60):
            kind = {"answered": n % 3 != 1, "finished": n % 3 != 2}
            add_call(db, button, NOW - timedelta(seconds=5 * n), **kind)
        for _ in range(40):
            record(db, "call", "refused", "closed", code="closed", button_id=button.id)
        db.flush()
        events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        for n, event in enumerate(events):
            event.at = NOW - timedelta(seconds=7 * n + 1)
        db.commit()
        yield db


@pytest.mark.parametrize("outcome", [None, "answered", "failed", "refused"])
def test_every_offset_page_is_the_slice_of_the_whole_log(long_history, button, outcome):
    filters = Filters([button.id], outcome)
    whole, total = search(long_history, [button], filters, 0, 1000)
    assert total == len(whole) > 10
    refs = [(row.kind, row.ref) for row in whole]
    for offset in range(1, total + 3, 7):
        rows, _ = search(long_history, [button], filters, offset, 7)
        assert [(row.kind, row.ref) for row in rows] == refs[offset : offset + 7], offset
        assert rows == whole[offset : offset + 7]
