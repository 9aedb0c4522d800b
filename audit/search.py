"""Search the audit trail: by action, outcome, button and time, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent


@dataclass(frozen=True)
class Query:
    """What to look for; `button_ids` None means every event, installation-wide ones too."""

    button_ids: list[str] | None
    action: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(db: Session, query: Query, offset: int, limit: int) -> tuple[list[AuditEvent], int]:
    """Return one page of matching events, newest first, and how many match in all."""
    found = select(AuditEvent)
    if query.button_ids is not None:
        found = found.where(AuditEvent.button_id.in_(query.button_ids))
    for column, value in ((AuditEvent.action, query.action), (AuditEvent.outcome, query.outcome)):
        if value:
            found = found.where(column == value)
    if query.since:
        found = found.where(AuditEvent.at >= query.since)
    if query.until:
        found = found.where(AuditEvent.at < query.until)
    total = db.scalar(select(func.count()).select_from(found.subquery())) or 0
    ordered = found.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return list(db.scalars(ordered.offset(offset).limit(limit))), total


def actions(db: Session) -> list[str]:
    """Return every action the trail holds, for a filter menu."""
    return sorted(db.scalars(select(AuditEvent.action).distinct()))
