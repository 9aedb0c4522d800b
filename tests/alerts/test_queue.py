"""Which events alert whom: a call that ended unanswered is a missed call, an answered one is
nothing; budget and gateway alerts come once a day per button; channels get only the kinds
they asked for, in their own workspace."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from callgate.alerts import channels, queue
from callgate.alerts.kinds import kind_of
from callgate.db import get_db
from callgate.db.alerts import AlertMessage
from callgate.db.models import utcnow


@pytest.mark.parametrize(
    ("event", "data", "kind"),
    [
        ("call.ended", {"answeredAt": None}, "missed_call"),
        ("call.ended", {"answeredAt": "2026-12-07T10:00:00+00:00"}, None),
        ("call.started", {}, None),
        ("call.answered", {}, None),
        ("call.refused", {"code": "closed"}, None),
        ("callback.requested", {}, "callback"),
        ("budget.exhausted", {}, "budget"),
        ("gateway.unreachable", {}, "gateway"),
        ("webhook.failing", {}, "webhook_failing"),
        ("no.such.event", {}, None),
    ],
)
def test_the_alert_each_event_makes(event, data, kind):
    assert kind_of(event, data) == kind


@pytest.fixture
def missed_only(app):
    fields = {"kind": "email", "address": "o@shop.example", "alerts": ["missed_call", "budget"]}
    with app.app_context():
        return channels.add_channel(get_db(), 1, fields, ("cli", None, "en"), ([], True)).id


def alerts(app) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = get_db().scalars(select(AlertMessage).order_by(AlertMessage.id))
        return [(row.kind, json.loads(row.data)) for row in rows]


def test_an_unanswered_call_alerts_an_answered_one_does_not(
    app, button, wcs, start_call, missed_only
):
    for ending in (["ESTABLISHED", "FINISH"], ["FAILED"]):
        response, body = start_call(button.id)
        assert response.status_code == 200
        for status in ending:
            assert wcs.call_status(body, status).status_code == 200
    [(kind, data)] = alerts(app)
    assert (kind, data["callId"], data["buttonId"]) == ("missed_call", body["callId"], button.id)


def test_daily_alerts_come_once_a_day_per_button(app, missed_only):
    now = utcnow()
    with app.app_context():
        db = get_db()
        for button_id, at in (
            ("b1", now),
            ("b1", now),
            ("b2", now),
            ("b1", now + timedelta(days=1)),
        ):
            queue.enqueue(db, 1, "budget.exhausted", {"buttonId": button_id}, at)
            db.flush()
        db.commit()
    assert [data["buttonId"] for _kind, data in alerts(app)] == ["b1", "b2", "b1"]


def test_kinds_not_asked_for_and_other_workspaces_get_nothing(app, missed_only):
    with app.app_context():
        db = get_db()
        assert queue.enqueue(db, 1, "callback.requested", {"buttonId": "b1"}, utcnow()) == 0
        assert queue.enqueue(db, 2, "budget.exhausted", {"buttonId": "b1"}, utcnow()) == 0
        db.commit()
    assert alerts(app) == []
