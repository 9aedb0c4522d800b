"""Write and read audit events; writing never breaks the request that made the decision."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db.models import AuditEvent, utcnow

log = logging.getLogger(__name__)


def record(
    db: Session, action: str, outcome: str, reason: str | None = None, **ids: str | None
) -> None:
    """Store one decision (`outcome` is "allowed", "refused" or "done") in its own commit.

    `ids` may hold button_id, session_id, call_id and client_ip. A failure to write is logged,
    not raised: the decision itself has already been made and enforced.
    """
    event = AuditEvent(
        at=utcnow(),
        action=action,
        outcome=outcome,
        reason=(reason or "")[:300] or None,
        **{key: (value[:200] if isinstance(value, str) else None) for key, value in ids.items()},
    )
    try:
        db.add(event)
        db.commit()
    except SQLAlchemyError:
        db.rollback()
        log.error("audit event %s/%s could not be stored", action, outcome)


def list_events(
    db: Session, since: datetime | None = None, button_id: str | None = None, limit: int = 200
) -> list[dict]:
    """Return audit events, newest first, optionally since a time and for one button."""
    query = select(AuditEvent)
    if since:
        query = query.where(AuditEvent.at >= since)
    if button_id:
        query = query.where(AuditEvent.button_id == button_id)
    events = db.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    return [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "outcome": e.outcome,
            "reason": e.reason,
            "buttonId": e.button_id,
            "sessionId": e.session_id,
            "callId": e.call_id,
            "clientIp": e.client_ip,
        }
        for e in events
    ]
