"""The outbox: events written in the caller's transaction, sent later with backoff.

Each event becomes one message per endpoint of its workspace that asked for it. A message is
sent until an endpoint answers 2xx; between tries the wait doubles from 30 s to at most an
hour, and after 24 hours without success the message is `failing` and no longer sent; its
endpoint is then marked failing until one of its messages gets through. Each try records the
status answered, the latency and the time, for the console's delivery log.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.addresses import IPNetwork
from callgate.alerts import queue as alerts
from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.errors import CallgateError
from callgate.outbound import phones
from callgate.outbound.backoff import GIVE_UP, wait_after
from callgate.webhooks import endpoints, send

Sender = Callable[[str, str, str, bytes, Iterable[IPNetwork]], int]


def enqueue(db: Session, workspace_id: int, event: str, data: dict[str, Any], now: datetime) -> int:
    """Add the event for each endpoint that wants it (no commit: the caller's transaction),
    a visitor's phone number masked for those that did not ask for it."""
    query = select(WebhookEndpoint).where(WebhookEndpoint.workspace_id == workspace_id)
    wanted = [row for row in db.scalars(query) if event in row.events]
    for row in wanted:
        message_id = "msg_" + secrets.token_hex(12)
        shown = phones.for_endpoint(data, row.include_phone_numbers)
        body = {"type": event, "timestamp": now.isoformat(), "data": shown}
        db.add(
            WebhookMessage(
                endpoint_id=row.id,
                message_id=message_id,
                event_type=event,
                body=json.dumps(body, separators=(",", ":")),
                status="pending",
                attempts=0,
                created_at=now,
                next_at=now,
            )
        )
    return len(wanted)


def settle(
    message: WebhookMessage, status: int | None, error: str, now: datetime, latency_ms: int = 0
) -> None:
    """Record one try: delivered on 2xx, else the next try or, 24 hours after the message was
    made (or resent), failing; with what the endpoint answered and how long it took."""
    message.attempts += 1
    message.last_status, message.latency_ms, message.tried_at = status, latency_ms, now
    if status is not None and 200 <= status < 300:
        message.status, message.last_error = "delivered", None
        return
    message.last_error = error[:200]
    if now - (message.resent_at or message.created_at) >= GIVE_UP:
        message.status = "failing"
    else:
        message.next_at = now + wait_after(message.attempts)


def mark_endpoint(endpoint: WebhookEndpoint, message: WebhookMessage, now: datetime) -> None:
    """Mark the endpoint failing when a message gave up, active again when one got through."""
    if message.status == "failing" and endpoint.failing_since is None:
        endpoint.failing_since = now
    elif message.status == "delivered":
        endpoint.failing_since = None


def attempt(
    db: Session, message: WebhookMessage, networks: list[IPNetwork], sender: Sender, now: datetime
) -> None:
    """Send one message to its endpoint once and record the outcome (no commit)."""
    endpoint = db.get(WebhookEndpoint, message.endpoint_id)
    if endpoint is None:
        return
    secret = endpoints.secret_of(db, endpoint)
    started = time.monotonic()
    try:
        status = sender(endpoint.url, secret, message.message_id, message.body.encode(), networks)
        settle(message, status, f"HTTP {status}", now, _since(started))
    except (OSError, ValueError, CallgateError) as exc:
        settle(message, None, f"{type(exc).__name__}: {exc}", now, _since(started))
    was_failing = endpoint.failing_since is not None
    mark_endpoint(endpoint, message, now)
    if endpoint.failing_since is not None and not was_failing:
        data = {"endpointId": endpoint.id, "url": endpoint.url}
        alerts.enqueue(db, endpoint.workspace_id, "webhook.failing", data, now)


def _since(started: float) -> int:
    """Return the milliseconds since the monotonic instant `started`."""
    return round((time.monotonic() - started) * 1000)


def deliver_due(
    db: Session,
    now: datetime,
    allowed: Iterable[IPNetwork],
    sender: Sender = send.deliver,
    holding: Callable[[], bool] = lambda: True,
) -> int:
    """Try the pending messages that are due while `holding()` (the lease); return how many."""
    query = select(WebhookMessage).where(
        WebhookMessage.status == "pending", WebhookMessage.next_at <= now
    )
    due = list(db.scalars(query.order_by(WebhookMessage.id).limit(100)))
    networks = list(allowed)
    for message in due:
        if not holding():
            break
        attempt(db, message, networks, sender, now)
        db.commit()
    return len(due)
