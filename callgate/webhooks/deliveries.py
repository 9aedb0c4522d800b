"""One endpoint's deliveries, for its log: a page at a time by (created_at, id), newest first,
what each shows (payload without secrets, phone numbers hidden unless asked for), and sending
one again.

A resend puts the same message back in the outbox: the same body under the same `webhook-id`,
so a receiver that deduplicates by it (as Standard Webhooks asks) acts on the event once. Its
tries count again from one, its 24 hours from the resend. One message is one row, so a resend
can never stand beside a pending copy of itself: a pending message is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from callgate.audit.changes import record_change
from callgate.audit.say import said
from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.errors import InvalidInput, NotFound
from callgate.outbound.phones import mask
from callgate.vault.redact import redact

STATUSES = ("pending", "delivered", "failing")


class AlreadyPending(InvalidInput):
    """The delivery waits to be sent already: asking again would change nothing."""

    code = "delivery_pending"


@dataclass(frozen=True)
class Filters:
    """Which deliveries of an endpoint a page shows."""

    status: str | None = None
    event: str | None = None
    after: tuple[datetime, int] | None = None


def page(
    db: Session, endpoint_id: int, shown: Filters, limit: int
) -> tuple[list[WebhookMessage], tuple[datetime, int] | None]:
    """Return up to `limit` deliveries of the endpoint older than `shown.after`, newest first,
    and the cursor of the last one when more follow (else None)."""
    query = select(WebhookMessage).where(WebhookMessage.endpoint_id == endpoint_id)
    if shown.status:
        query = query.where(WebhookMessage.status == shown.status)
    if shown.event:
        query = query.where(WebhookMessage.event_type == shown.event)
    if shown.after:
        key = tuple_(WebhookMessage.created_at, WebhookMessage.id)
        query = query.where(key < shown.after)
    order = (WebhookMessage.created_at.desc(), WebhookMessage.id.desc())
    rows = list(db.scalars(query.order_by(*order).limit(limit + 1)))
    last = rows[limit - 1] if len(rows) > limit else None
    return rows[:limit], (last.created_at, last.id) if last else None


def get(db: Session, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookMessage:
    """Return one delivery of the endpoint; raise NotFound."""
    row = db.get(WebhookMessage, delivery_id) if 0 < delivery_id < 2**31 else None
    if row is None or row.endpoint_id != endpoint.id:
        raise NotFound(f"no delivery {delivery_id} of webhook endpoint {endpoint.id}")
    return row


def resend(db: Session, row: WebhookMessage, actor: str, now: datetime) -> None:
    """Queue the delivery again, due now, with its webhook-id; audited. Raise AlreadyPending.

    The update is conditional, so two people asking at once queue it once.
    """
    old = row.status
    changed = db.execute(
        update(WebhookMessage)
        .where(WebhookMessage.id == row.id, WebhookMessage.status != "pending")
        .values(status="pending", attempts=0, next_at=now, resent_at=now)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise AlreadyPending("this delivery is waiting to be sent already")
    reason = f"resent {row.event_type} {row.message_id} to webhook endpoint {row.endpoint_id}"
    say = said("webhook_resent", event=row.event_type, endpoint=row.endpoint_id)
    record_change(db, "webhook.resend", actor, {"status": [old, "pending"]}, reason, say)
    db.commit()
    db.refresh(row)


def describe(row: WebhookMessage) -> dict[str, Any]:
    """Return a delivery as plain data, without its payload."""

    def at(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": row.id,
        "webhookId": row.message_id,
        "event": row.event_type,
        "status": row.status,
        "attempts": row.attempts,
        "lastStatus": row.last_status,
        "lastError": row.last_error,
        "latencyMs": row.latency_ms,
        "createdAt": at(row.created_at),
        "triedAt": at(row.tried_at),
        "nextAt": at(row.next_at) if row.status == "pending" else None,
        "resentAt": at(row.resent_at),
    }


def payload(row: WebhookMessage, phones: bool = False) -> str:
    """Return the delivery's body as indented JSON, secret-shaped text masked and, unless
    `phones`, every phone number hidden but its last two digits."""
    try:
        data = json.loads(row.body)
    except ValueError:
        return redact(row.body)
    text = json.dumps(data if phones else _hide_phones(data), indent=2, ensure_ascii=False)
    return redact(text)


def _hide_phones(value: Any, key: str = "") -> Any:
    """Return `value` with the value of every key that names a phone hidden."""
    if isinstance(value, dict):
        return {k: _hide_phones(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hide_phones(v, key) for v in value]
    if "phone" in key.lower() and isinstance(value, str) and value:
        return mask(value)
    return value
