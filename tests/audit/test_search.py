"""Searching the audit trail: filters, pages, and installation-wide events for admins only."""

from __future__ import annotations

from datetime import UTC, datetime

from callgate.audit.search import Query, actions, search
from callgate.audit.trail import record
from callgate.db import get_db
from callgate.db.models import AuditEvent

INSTANT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def test_filters_and_pages(app):
    with app.app_context():
        db = get_db()
        for number in range(5):
            record(db, "token", "refused" if number % 2 else "allowed", str(number), button_id="b")
        record(db, "killswitch", "done", "global kill switch on")
        events, total = search(db, Query(None), 0, 3)
        assert total == 6 and len(events) == 3 and events[0].action == "killswitch"
        assert search(db, Query(["b"]), 0, 50)[1] == 5
        assert search(db, Query(["b"], outcome="refused"), 0, 50)[1] == 2
        assert search(db, Query([], action="killswitch"), 0, 50)[1] == 0
        assert actions(db) == ["killswitch", "token"]


def test_a_page_after_an_event_goes_on_below_it_among_events_of_the_same_instant(app):
    with app.app_context():
        db = get_db()
        db.add_all(AuditEvent(at=INSTANT, action="token", outcome="refused") for _ in range(5))
        db.commit()
        first, total = search(db, Query(None), 0, 2)
        last = first[-1]
        rest, same_total = search(db, Query(None), 99, 50, (last.at, last.id))
        ids = [e.id for e in first + rest]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == 5
        assert total == same_total == 5
        outcome = Query(None, outcome="allowed")
        assert search(db, outcome, 0, 50, (last.at, last.id)) == ([], 0)
