"""A signed `webhook.test` event sent at once, outside the outbox, to try an endpoint."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from callgate.addresses import IPNetwork
from callgate.audit.changes import record_change
from callgate.audit.say import said
from callgate.db.integrations import WebhookEndpoint
from callgate.db.models import utcnow
from callgate.errors import CallgateError
from callgate.webhooks import endpoints, send


def send_test(
    db: Session, endpoint: WebhookEndpoint, allowed: Iterable[IPNetwork], actor: str
) -> dict[str, Any]:
    """Send a `webhook.test` event now; return {"delivered", "status", "error"}; audited."""
    message_id = "msg_" + secrets.token_hex(12)
    event = {"type": "webhook.test", "timestamp": utcnow().isoformat(), "data": {}}
    text = json.dumps(event, separators=(",", ":")).encode()
    secret = endpoints.secret_of(db, endpoint)
    try:
        status = send.deliver(endpoint.url, secret, message_id, text, allowed)
        found: dict[str, Any] = {"delivered": 200 <= status < 300, "status": status, "error": None}
    except (OSError, CallgateError) as exc:
        found = {"delivered": False, "status": None, "error": str(exc)[:200]}
    answer = f"HTTP {found['status']}" if found["status"] is not None else "no answer"
    reason = f"sent webhook.test to webhook endpoint {endpoint.id}: {answer}"
    code = "webhook_tested" if found["status"] is not None else "webhook_tested_unanswered"
    say = said(code, endpoint=endpoint.id, status=found["status"])
    record_change(db, "webhook.test", actor, {}, reason, say)
    db.commit()
    return found
