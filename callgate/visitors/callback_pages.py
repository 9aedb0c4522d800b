"""Callback requests a page at a time by cursor (newest first), for the management API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from callgate.db.visitors import CallbackRequest
from callgate.errors import InvalidInput
from callgate.visitors.callbacks import describe


def callbacks_page(
    db: Session, button_ids: Sequence[str], status: str | None, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """Return up to `limit` requests older than id `after`, and the id to go on from (or None)."""
    where: list[ColumnElement[bool]] = [CallbackRequest.button_id.in_(list(button_ids))]
    if status:
        where.append(CallbackRequest.status == status)
    if after is not None:
        where.append(CallbackRequest.id < after)
    query = select(CallbackRequest).where(*where).order_by(CallbackRequest.id.desc())
    rows = list(db.scalars(query.limit(limit + 1)))
    more = rows[limit - 1].id if len(rows) > limit else None
    return [describe(row) for row in rows[:limit]], more


def check_status(value: str | None, statuses: Sequence[str]) -> str | None:
    """Return a status filter, or raise InvalidInput for an unknown one."""
    if value is not None and value not in statuses:
        raise InvalidInput(f"status must be one of {', '.join(statuses)}")
    return value
