"""A call's context is a visitor's data: erasure blanks it, and the retention sweep deletes it
with the call log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from callgate.db import get_db
from callgate.db.models import Call, utcnow
from callgate.db.routes import CallContext
from callgate.retention.erasure import Subject, erase
from callgate.retention.periods import Periods
from callgate.retention.sweep import TARGETS, sweep
from callgate.routes.store import set_context
from tests.routes.helpers import call_with


def contexts(app) -> list[tuple]:
    with app.app_context():
        rows = get_db().scalars(select(CallContext))
        return [(c.name, c.page, c.route_label) for c in rows]


def test_erasing_a_call_blanks_its_name_and_page(app, client, wcs, button):
    with app.app_context():
        set_context(get_db(), button.id, ask_name="optional")
    call_with(client, wcs, button.id, {"name": "Ann", "page": "/help"})
    with app.app_context():
        [call_id] = get_db().scalars(select(Call.call_id))
        counts = erase(get_db(), Subject(call_id=call_id), "cli")
    assert counts["call_contexts"] == 1
    assert contexts(app) == [(None, None, None)]


def test_the_sweep_deletes_old_contexts_with_the_call_log(app, client, wcs, button):
    call_with(client, wcs, button.id, {"page": "/help"})
    periods = Periods(dict.fromkeys(TARGETS, 30))
    with app.app_context():
        sweep(get_db(), periods, utcnow() + timedelta(days=10))
    assert len(contexts(app)) == 1
    with app.app_context():
        swept = sweep(get_db(), periods, utcnow() + timedelta(days=31))
    assert contexts(app) == [] and swept.deleted["calls"] >= 2
