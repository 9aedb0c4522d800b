"""Write and read audit events; writing never breaks the request that made the decision.

A single decision is one row. Refusals a flood repeats (unsigned or forged hooks, token
requests over a limit) are counted instead: one row per minute, action, reason and source,
its `count` raised by one atomic upsert. Past MAX_SOURCES sources in one minute, further ones
share the row of source OTHERS, so even a flood from many addresses adds a bounded number of
rows a minute.

A row's `reason` is English, for `flask audit list` and the API; what it means is kept apart,
for the console to say it in its own language: `details["say"]` is {"code": a stable code,
"params": {name: text or number}} (see `said`), e.g. {"code": "rate_limited", "params":
{"kind": "ip"}}. A refusal's code is its error's `reason` or `code` (CallgateError.said).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callgate.db.fit import cut
from callgate.db.models import AuditEvent, utcnow
from callgate.db.statements import dialect_insert, table_of, without_waiting

log = logging.getLogger(__name__)
IDS = ("button_id", "session_id", "call_id", "client_ip", "source", "origin", "actor", "code")
MAX_SOURCES = 100
OTHERS = "others"
_INSERT = insert(table_of(AuditEvent))


#: The key of `details` that holds a row's machine-readable reason.
SAY = "say"


def said(code: str, **params: str | int | None) -> dict:
    """Return the `details` that record the reason `code` with its varying `params`."""
    return {SAY: {"code": code, "params": params}}


def _values(
    action: str, outcome: str, reason: str | None, ids: dict, details: dict | None = None
) -> dict:
    """Return the row's values, each recorded field cut to its column on purpose."""
    unknown = set(ids) - set(IDS)
    assert not unknown, f"not audit fields: {unknown}"
    fields = {"action": action, "outcome": outcome, "reason": reason, **ids}
    values = {name: cut(getattr(AuditEvent, name), value) for name, value in fields.items()}
    return values | ({"details": details} if details is not None else {})


def add(
    db: Session,
    action: str,
    outcome: str,
    reason: str | None = None,
    *,
    details: dict | None = None,
    **ids: str | None,
) -> None:
    """Write one decision in the caller's transaction, which commits it with the decision.

    `ids` may also hold `actor` (who made a change) and `code` (a refusal's error code);
    `details` is a JSON object such as {"changes": {field: [old, new]}}.
    Raises SQLAlchemyError if the row cannot be written: the decision must then not stand.
    """
    db.execute(_INSERT, {"at": utcnow(), **_values(action, outcome, reason, ids, details)})


def record(
    db: Session,
    action: str,
    outcome: str,
    reason: str | None = None,
    *,
    promptly: bool = False,
    details: dict | None = None,
    **ids: str | None,
) -> None:
    """Store one decision (`outcome` is "allowed", "refused" or "done") in its own commit.

    `ids` may hold button_id, session_id, call_id, client_ip, source and origin (the page's,
    as widget/claimed_origins.py keeps it). A failure to write is logged, not raised: the
    decision itself has already been made and enforced. With `promptly`, the row is dropped
    (and logged) rather than wait for a lock held elsewhere.
    """
    values = {"at": utcnow(), **_values(action, outcome, reason, ids, details)}
    try:
        if promptly:
            with without_waiting(db):
                db.execute(_INSERT, values)
        else:
            db.execute(_INSERT, values)
        db.commit()
    except SQLAlchemyError:
        db.rollback()
        log.error("audit event %s/%s could not be stored", action, outcome)


def record_repeated(
    db: Session,
    action: str,
    reason: str,
    source: str | None,
    *,
    details: dict | None = None,
    **ids: str | None,
) -> None:
    """Count one refusal in its minute's row for (action, reason, source), in its own commit.

    No origin: the row stands for many requests, and their origins are not part of its key.
    `details` are those of the minute's first refusal (the same reason says the same).
    """
    assert "origin" not in ids, "a counted row holds no origin"
    now = utcnow()
    values = _values(action, "refused", reason, ids | {"source": source or "unknown"}, details)
    values |= {"at": now, "bucket": now.strftime("%Y-%m-%dT%H:%M")}
    try:
        row_id, count = _count(db, values)
        if count == 1 and _sources(db, values) > MAX_SOURCES:
            db.execute(delete(AuditEvent).where(AuditEvent.id == row_id))
            _count(db, values | {"source": OTHERS, "client_ip": None})
        db.commit()
    except SQLAlchemyError:
        db.rollback()
        log.error("audit event %s/refused could not be counted", action)


def _count(db: Session, values: dict) -> tuple[int, int]:
    table: Table = table_of(AuditEvent)
    key = [table.c.bucket, table.c.action, table.c.reason, table.c.source]
    statement = (
        dialect_insert(db, table)
        .values(**values, count=1)
        .on_conflict_do_update(index_elements=key, set_={"count": table.c.count + 1})
        .returning(table.c.id, table.c.count)
    )
    row_id, count = db.execute(statement).one()
    return row_id, count


def _sources(db: Session, values: dict) -> int:
    same = (
        AuditEvent.bucket == values["bucket"],
        AuditEvent.action == values["action"],
        AuditEvent.reason == values["reason"],
    )
    return db.scalar(select(func.count()).select_from(AuditEvent).where(*same)) or 0


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
            "source": e.source,
            "count": e.count,
            "origin": e.origin,
            "actor": e.actor,
            "details": e.details,
        }
        for e in events
    ]
