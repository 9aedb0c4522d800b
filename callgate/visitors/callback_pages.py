"""Callback requests a page at a time by cursor (newest first), for the management API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from callgate.db.scoping import in_workspaces
from callgate.db.visitors import CallbackRequest
from callgate.errors import InvalidInput
from callgate.visitors.callbacks import describe


@dataclass(frozen=True)
class Scope:
    """Which requests a page may show: those of `button_ids`, or with None, those of the
    buttons of `workspace_ids`."""

    button_ids: Sequence[str] | None
    workspace_ids: Sequence[int]

    def condition(self) -> ColumnElement[bool]:
        """Return the condition a request of this scope meets."""
        if self.button_ids is not None:
            return CallbackRequest.button_id.in_(list(self.button_ids))
        return in_workspaces(CallbackRequest.button_id, list(self.workspace_ids))


def callbacks_page(
    db: Session, scope: Scope, status: str | None, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """Return up to `limit` requests older than id `after`, and the id to go on from (or None)."""
    where: list[ColumnElement[bool]] = [scope.condition()]
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
