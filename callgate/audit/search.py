"""Search the audit trail: by action, outcome, button, who acted and time, a page at a time.

A row naming an actor is a configuration change (audit/changes.py); the others are decisions.
`list_events` is the plain list `flask audit list` and the tests read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from callgate.db.counting import capped_count
from callgate.db.models import AuditEvent
from callgate.db.scoping import in_workspaces


@dataclass(frozen=True)
class Query:
    """What to look for; `button_ids` None means every event, installation-wide ones too."""

    button_ids: list[str] | None
    action: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    #: "changes" (rows naming who acted) or "decisions" (the others); None for both.
    kind: str | None = None
    #: With `button_ids` None: only the events of these workspaces' buttons (None: every event).
    workspace_ids: list[int] | None = None


def of_workspaces(workspace_ids: list[int]):
    """Return the condition that an event is about a button of `workspace_ids`."""
    return in_workspaces(AuditEvent.button_id, workspace_ids)


def search(
    db: Session,
    query: Query,
    offset: int,
    limit: int,
    after: tuple[datetime, int] | None = None,
) -> tuple[list[AuditEvent], int]:
    """Return one page of matching events, newest first by (at, id): those after the event
    `after` (at, id), else `offset` events in; and how many match in all (up to
    db/counting.CAP + 1)."""
    found = _matching(query)
    total = capped_count(db, found)
    if after is not None:
        found = found.where(tuple_(AuditEvent.at, AuditEvent.id) < after)
    ordered = found.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    skip = 0 if after is not None else offset
    return list(db.scalars(ordered.offset(skip).limit(limit))), total


def _matching(query: Query) -> Select:
    """Return the events `query` asks for, unordered."""
    found = select(AuditEvent)
    if query.button_ids is not None:
        found = found.where(AuditEvent.button_id.in_(query.button_ids))
    elif query.workspace_ids is not None:
        found = found.where(of_workspaces(query.workspace_ids))
    for column, value in (
        (AuditEvent.action, query.action),
        (AuditEvent.outcome, query.outcome),
        (AuditEvent.actor, query.actor),
    ):
        if value:
            found = found.where(column == value)
    if query.kind == "changes":
        found = found.where(AuditEvent.actor.is_not(None))
    elif query.kind == "decisions":
        found = found.where(AuditEvent.actor.is_(None))
    if query.since:
        found = found.where(AuditEvent.at >= query.since)
    if query.until:
        found = found.where(AuditEvent.at < query.until)
    return found


#: Each next action after the one before, from the index on `action` (a loose index scan: as
#: many index lookups as there are actions, whatever the trail's length).
_ACTIONS = text(
    "WITH RECURSIVE found(action) AS ("
    " SELECT min(action) FROM audit_events"
    " UNION ALL SELECT (SELECT min(e.action) FROM audit_events e WHERE e.action > found.action)"
    " FROM found WHERE found.action IS NOT NULL"
    ") SELECT action FROM found WHERE action IS NOT NULL"
)


def actions(db: Session) -> list[str]:
    """Return every action the trail holds, for a filter menu."""
    return sorted(db.scalars(_ACTIONS))


def actors(
    db: Session, button_ids: list[str] | None, workspace_ids: list[int] | None = None
) -> list[str]:
    """Return who made the changes on the trail (of `button_ids`, or of the buttons of
    `workspace_ids`, if given), for a filter menu."""
    found = select(AuditEvent.actor).where(AuditEvent.actor.is_not(None))
    if button_ids is not None:
        found = found.where(AuditEvent.button_id.in_(button_ids))
    elif workspace_ids is not None:
        found = found.where(of_workspaces(workspace_ids))
    return sorted(db.scalars(found.distinct()))


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
    return [_listed(event) for event in events]


def _listed(e: AuditEvent) -> dict:
    """Return one event as `flask audit list` shows it."""
    return {
        "at": e.at.isoformat(),
        "action": e.action,
        "outcome": e.outcome,
        "reason": e.reason,
        "buttonId": e.button_id,
        "sessionId": e.session_id,
        "callId": e.call_id,
        "clientIp": e.client_ip,
        "source": e.source,
        "count": e.count,
        "origin": e.origin,
        "actor": e.actor,
        "details": e.details,
    }
