"""Alerts queued in the caller's transaction, one per channel of the workspace that wants it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.alerts.kinds import DAILY, kind_of
from callgate.db.alerts import AlertChannel, AlertMessage


def enqueue(db: Session, workspace_id: int, event: str, data: dict[str, Any], now: datetime) -> int:
    """Queue the alert `event` makes for each channel of the workspace that asked for it (no
    commit); a daily kind only once a day (UTC) per button and channel. Return how many."""
    kind = kind_of(event, data)
    if kind is None:
        return 0
    query = select(AlertChannel).where(AlertChannel.workspace_id == workspace_id)
    button_id = data.get("buttonId") if isinstance(data.get("buttonId"), str) else None
    queued = 0
    for channel in db.scalars(query):
        if kind not in channel.alerts or _said_today(db, channel.id, kind, button_id, now):
            continue
        body = json.dumps(data, separators=(",", ":"), default=str)
        db.add(
            AlertMessage(
                channel_id=channel.id,
                kind=kind,
                button_id=button_id,
                data=body,
                status="pending",
                attempts=0,
                created_at=now,
                next_at=now,
            )
        )
        queued += 1
    return queued


def _said_today(db: Session, channel_id: int, kind: str, button_id: str | None, now: datetime):
    """Return whether a daily `kind` was queued for the channel and button since midnight."""
    if kind not in DAILY:
        return False
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    found = select(AlertMessage.id).where(
        AlertMessage.channel_id == channel_id,
        AlertMessage.kind == kind,
        AlertMessage.created_at >= midnight,
        AlertMessage.button_id == button_id,
    )
    return db.scalar(found.limit(1)) is not None
