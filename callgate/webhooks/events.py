"""Events of a button's calls and visitors, put in the outbox in the caller's transaction, with
the alerts they make for the owner."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.alerts import queue as alerts
from callgate.db.integrations import WebhookMessage
from callgate.db.models import Button, Call, utcnow
from callgate.webhooks import outbox


def emit(db: Session, button_id: str, event: str, data: dict[str, Any]) -> int:
    """Queue `event` for the endpoints of the button's workspace (no commit); return how many."""
    button = db.get(Button, button_id)
    if button is None:
        return 0
    now, data = utcnow(), {"buttonId": button_id} | data
    # The same event may alert the owner (a missed call, a callback request…): alerts/kinds.py.
    alerts.enqueue(db, button.workspace_id, event, data, now)
    return outbox.enqueue(db, button.workspace_id, event, data, now)


def emit_daily(db: Session, button_id: str, event: str, data: dict[str, Any]) -> int:
    """Queue `event` for the button unless it was queued already today (UTC); no commit."""
    now = utcnow()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    seen = select(WebhookMessage.id).where(
        WebhookMessage.event_type == event,
        WebhookMessage.created_at >= today,
        WebhookMessage.body.contains(f'"buttonId":{json.dumps(button_id)}'),
    )
    if db.scalar(seen.limit(1)) is not None:
        return 0
    return emit(db, button_id, event, data)


def call_data(call: Call) -> dict[str, Any]:
    """Return what a call event says about the call."""
    return {
        "callId": call.call_id,
        "createdAt": call.created_at.isoformat() if call.created_at else None,
        "answeredAt": call.established_at.isoformat() if call.established_at else None,
        "endedAt": call.finished_at.isoformat() if call.finished_at else None,
        "finalStatus": call.final_status,
        "talkSeconds": call.talk_seconds,
        "endedBy": call.ended_by,
    }
