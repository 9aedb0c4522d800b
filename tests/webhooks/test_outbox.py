"""The outbox: events per endpoint, sent signed, retried with backoff, failing after 24 hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from callgate.addresses import parse_networks
from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.errors import InvalidInput
from callgate.outbound.urls import UnsafeUrl
from callgate.webhooks import endpoints, outbox

LOOPBACK = parse_networks(["127.0.0.1/32"])
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def messages(db):
    return list(db.scalars(select(WebhookMessage).order_by(WebhookMessage.id)))


def test_an_event_is_sent_signed_to_each_endpoint_that_wants_it(app, receiver):
    url, got = receiver
    with app.app_context():
        db = get_db()
        wanted, secret = endpoints.create(
            db, 1, {"url": url, "events": ["call.ended"]}, "cli", LOOPBACK
        )
        endpoints.create(db, 1, {"url": url, "events": ["call.started"]}, "cli", LOOPBACK)
        assert outbox.enqueue(db, 1, "call.ended", {"id": "c1"}, NOW) == 1
        db.rollback()  # the caller's transaction failed: nothing is sent
        assert messages(db) == []
        outbox.enqueue(db, 1, "call.ended", {"id": "c1"}, NOW)
        db.commit()
        assert outbox.deliver_due(db, NOW, LOOPBACK) == 1
        assert [m.status for m in messages(db)] == ["delivered"]
    _, headers, body = got[0]
    assert Webhook(secret).verify(body, headers) == {
        "type": "call.ended",
        "timestamp": NOW.isoformat(),
        "data": {"id": "c1"},
    }


def test_failures_back_off_then_the_message_is_failing(app, receiver):
    url, got = receiver
    got.answers.append(500)
    with app.app_context():
        db = get_db()
        endpoints.create(db, 1, {"url": url, "events": ["call.refused"]}, "cli", LOOPBACK)
        outbox.enqueue(db, 1, "call.refused", {"id": "c2"}, NOW)
        db.commit()
        waits, now = [], NOW
        while messages(db)[0].status == "pending":
            outbox.deliver_due(db, now, LOOPBACK)
            message = messages(db)[0]
            waits.append(message.next_at - now)
            assert outbox.deliver_due(db, now, LOOPBACK) == 0  # not due again yet
            now = message.next_at
        assert waits[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
        assert max(waits) == timedelta(hours=1)
        assert message.status == "failing" and message.last_error == "HTTP 500"
        assert message.attempts == len(got) and now - NOW >= timedelta(hours=24)


def test_endpoints_refuse_bad_urls_and_events(app):
    with app.app_context():
        db = get_db()
        with pytest.raises(UnsafeUrl):
            endpoints.create(
                db, 1, {"url": "http://127.0.0.1/x", "events": ["call.ended"]}, "cli", []
            )
        with pytest.raises(InvalidInput):
            endpoints.create(
                db, 1, {"url": "http://127.0.0.1/x", "events": ["call.eaten"]}, "cli", LOOPBACK
            )
        assert endpoints.list_endpoints(db, 1) == []
