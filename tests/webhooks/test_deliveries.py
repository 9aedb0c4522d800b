"""An endpoint's deliveries: keyset pages and filters, what a payload shows, and resending one
with the same webhook-id, once, to a receiver that failed and then recovers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from callgate.db import get_db
from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.db.models import AuditEvent, utcnow
from callgate.webhooks import deliveries, outbox
from callgate.webhooks.deliveries import AlreadyPending, Filters
from tests.webhooks.helpers import LOOPBACK, endpoint_with

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_pages_go_back_in_time_by_cursor_and_filter(app):
    # Two events share an instant: the cursor's id keeps them apart.
    times = [NOW, NOW, NOW - timedelta(minutes=1), NOW - timedelta(minutes=2)]
    kinds = ["call.started", "call.ended", "call.started", "call.refused"]
    with app.app_context():
        db = get_db()
        made, _ = endpoint_with(db, "http://127.0.0.1:9/x", list(zip(kinds, times, strict=True)))
        first, after = deliveries.page(db, made, Filters(), 3)
        rest, end = deliveries.page(db, made, Filters(after=after), 3)
        started, _ = deliveries.page(db, made, Filters(event="call.started"), 10)
        none, _ = deliveries.page(db, made, Filters(status="delivered"), 10)
    ids = [m.id for m in first + rest]
    assert [m.event_type for m in first] == ["call.ended", "call.started", "call.started"]
    assert [m.event_type for m in rest] == ["call.refused"] and end is None
    assert after == (first[-1].created_at, first[-1].id)
    assert len(set(ids)) == 4 and [m.event_type for m in started] == ["call.started"] * 2
    assert none == []


def test_a_payload_hides_phone_numbers_and_secret_shaped_text(app):
    body = {"type": "callback.requested", "data": {"phone": "+49 30 901820", "password": "hunter2"}}
    row = WebhookMessage(body=json.dumps(body))
    shown = deliveries.payload(row)
    assert "901820" not in shown and "•••20" in shown and "hunter2" not in shown
    assert "+49 30 901820" in deliveries.payload(row, phones=True)


def test_resend_queues_the_same_webhook_id_once_and_it_reaches_a_recovered_receiver(app, receiver):
    url, got = receiver
    got.answers.append(500)
    with app.app_context():
        db = get_db()
        made, secret = endpoint_with(db, url, [("call.ended", utcnow() - timedelta(hours=25))])
        outbox.deliver_due(db, utcnow(), LOOPBACK)  # 500, and its 24 hours are over
        message = db.scalar(select(WebhookMessage))
        assert (message.status, message.last_status, message.attempts) == ("failing", 500, 1)
        assert message.latency_ms is not None and message.tried_at is not None
        assert db.get(WebhookEndpoint, made).failing_since is not None
        deliveries.resend(db, message, "user:ed@example.com", utcnow())
        with pytest.raises(AlreadyPending):
            deliveries.resend(db, message, "user:ed@example.com", utcnow())
        assert (message.status, message.attempts) == ("pending", 0)
        got.answers.append(204)
        assert outbox.deliver_due(db, utcnow(), LOOPBACK) == 1
        db.refresh(message)
        assert (message.status, message.last_status) == ("delivered", 204)
        assert db.get(WebhookEndpoint, made).failing_since is None
        audited = db.execute(select(AuditEvent.action, AuditEvent.details)).all()
        changes = [(a, d["changes"]) for a, d in audited if d and "changes" in d]
        assert changes == [("webhook.resend", {"status": ["failing", "pending"]})]
        assert db.scalar(select(WebhookMessage.id).where(WebhookMessage.id != message.id)) is None
    sent = [headers["webhook-id"] for _, headers, _ in got]
    assert sent == [message.message_id] * 2
    assert all(Webhook(secret).verify(body, headers) for _, headers, body in got)


def test_resent_messages_give_up_24_hours_after_the_resend(app):
    with app.app_context():
        db = get_db()
        endpoint_with(db, "http://127.0.0.1:9/x", [("call.ended", NOW - timedelta(hours=30))])
        message = db.scalar(select(WebhookMessage))
        message.status = "failing"
        db.commit()
        deliveries.resend(db, message, "cli", NOW)
        outbox.settle(message, 503, "HTTP 503", NOW + timedelta(hours=1))
        assert message.status == "pending"
        outbox.settle(message, 503, "HTTP 503", NOW + timedelta(hours=24))
        assert message.status == "failing"
