"""Searching the audit trail: filters, pages, and installation-wide events for admins only."""

from __future__ import annotations

from audit.search import Query, actions, search
from audit.trail import record
from db import get_db


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
