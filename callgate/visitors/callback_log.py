"""The callback requests as the owners work through them: a page at a time, marked done or not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, tuple_
from sqlalchemy.orm import Session

from callgate.audit.trail import record, said
from callgate.db.counting import capped_count
from callgate.db.scoping import in_workspaces
from callgate.db.visitors import CallbackRequest
from callgate.errors import NotFound
from callgate.visitors.callbacks import describe

STATUSES = ("new", "done")


def search_callbacks(
    db: Session,
    button_ids: Sequence[str] | None,
    status: str | None,
    offset: int,
    limit: int,
    workspace_ids: Sequence[int] = (),
    after: tuple[datetime, int] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of the requests of `button_ids` (None: of the buttons of
    `workspace_ids`), newest first by (created_at, id): those after the request `after`
    (created_at, id), else `offset` in; and how many match in all (up to db/counting.CAP + 1)."""
    where: list[ColumnElement[bool]] = [
        CallbackRequest.button_id.in_(list(button_ids))
        if button_ids is not None
        else in_workspaces(CallbackRequest.button_id, list(workspace_ids))
    ]
    if status:
        where.append(CallbackRequest.status == status)
    total = capped_count(db, select(CallbackRequest).where(*where))
    if after is not None:
        where.append(tuple_(CallbackRequest.created_at, CallbackRequest.id) < after)
        offset = 0
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
    details = said("callback_marked", n=request_id, status=status, who=by)
    record(db, "callback", "done", reason, button_id=row.button_id, details=details)
    return row
