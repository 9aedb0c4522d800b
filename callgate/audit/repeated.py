"""Refusals a flood repeats, counted: one audit row per minute, action, reason and source.

Unsigned or forged hooks and token requests over a limit are counted instead of written one
by one: the minute's row has its `count` raised by one atomic upsert. Past MAX_SOURCES sources
in one minute, further ones share the row of source OTHERS, so even a flood from many
addresses adds a bounded number of rows a minute.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Table, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callgate.audit.rows import values as row_values
from callgate.db.models import AuditEvent, utcnow
from callgate.db.statements import dialect_insert, table_of

log = logging.getLogger(__name__)
MAX_SOURCES = 100
OTHERS = "others"


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
    record_times(db, (action, reason, source), 1, utcnow(), details=details, **ids)


def record_times(
    db: Session,
    key: tuple[str, str, str | None],
    times: int,
    at: datetime,
    *,
    details: dict | None = None,
    **ids: str | None,
) -> None:
    """Count `times` refusals of `key` (action, reason, source) in the row of the minute of
    `at`, in its own commit; as `record_repeated` does one."""
    action, reason, source = key
    assert "origin" not in ids, "a counted row holds no origin"
    ids = ids | {"source": source or "unknown"}
    values = _in_minute(row_values(action, "refused", reason, ids, details), at)
    try:
        row_id, count = _count(db, values, times)
        if count == times and _sources(db, values) > MAX_SOURCES:
            _count_as_others(db, values, row_id, times)
        db.commit()
    except SQLAlchemyError:
        db.rollback()
        log.error("audit event %s/refused could not be counted", action)


def _in_minute(values: dict, at: datetime) -> dict:
    """Return a row's `values` dated `at`, with the minute (`bucket`) it is counted in."""
    return values | {"at": at, "bucket": at.strftime("%Y-%m-%dT%H:%M")}


def _count_as_others(db: Session, values: dict, row_id: int, times: int) -> None:
    """Move the minute's newest source, one too many, into the row of OTHERS."""
    db.execute(delete(AuditEvent).where(AuditEvent.id == row_id))
    _count(db, values | {"source": OTHERS, "client_ip": None}, times)


def _count(db: Session, values: dict, times: int) -> tuple[int, int]:
    table: Table = table_of(AuditEvent)
    key = [table.c.bucket, table.c.action, table.c.reason, table.c.source]
    statement = (
        dialect_insert(db, table)
        .values(**values, count=times)
        .on_conflict_do_update(index_elements=key, set_={"count": table.c.count + times})
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
