"""The callback requests as the owners work through them: a page at a time, marked done or not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from audit.trail import record
from db.visitors import CallbackRequest
from errors import NotFound
from visitors.callbacks import describe

STATUSES = ("new", "done")


def search_callbacks(
    db: Session, button_ids: Sequence[str], status: str | None, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of the requests of `button_ids` (newest first) and how many match."""
    where: list[ColumnElement[bool]] = [CallbackRequest.button_id.in_(list(button_ids))]
    if status:
        where.append(CallbackRequest.status == status)
    total = db.scalar(select(func.count()).select_from(CallbackRequest).where(*where)) or 0
    order = (CallbackRequest.created_at.desc(), CallbackRequest.id.desc())
    query = select(CallbackRequest).where(*where).order_by(*order).offset(offset).limit(limit)
    return [describe(row) for row in db.scalars(query)], total


def get_callback(db: Session, request_id: int) -> CallbackRequest:
    """Return the request with `request_id`; raise NotFound if there is none."""
    row = db.get(CallbackRequest, request_id)
    if row is None:
        raise NotFound(f"no callback request {request_id}")
    return row


def mark(db: Session, request_id: int, status: str, by: str) -> CallbackRequest:
    """Set the request's status ("new" or "done"), audited as done by `by`; return it."""
    if status not in STATUSES:
        raise ValueError(f"unknown callback status {status!r}")
    row = get_callback(db, request_id)
    row.status = status
    db.commit()
    reason = f"callback request {request_id} marked {status} by {by}"
    record(db, "callback", "done", reason, button_id=row.button_id)
    return row
