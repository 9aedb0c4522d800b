"""Buttons a page at a time: searched by name or id, ordered oldest first, never all at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from callgate.db.models import Button

#: How many buttons a search-as-you-type answer names at most.
PICKS = 20


def _scope(workspace_ids: Sequence[int] | None, text: str = "") -> Select:
    query = select(Button)
    if workspace_ids is not None:
        query = query.where(Button.workspace_id.in_(list(workspace_ids)))
    wanted = text.strip()  # ids are mixed-case: matched as typed, names in any case
    if wanted:
        lower = wanted.lower()
        like = "%" + lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(func.lower(Button.name).like(like, escape="\\"), Button.id == wanted)
        )
    return query


def page_of(
    db: Session,
    workspace_ids: Sequence[int] | None,
    text: str,
    after: tuple[datetime, str] | None,
    limit: int,
) -> tuple[list[Button], tuple[datetime, str] | None]:
    """Return up to `limit` buttons matching `text` after the cursor `after`, and the next
    page's cursor (None on the last page)."""
    query = _scope(workspace_ids, text)
    if after is not None:
        query = query.where(tuple_(Button.created_at, Button.id) > tuple_(*after))
    rows = list(db.scalars(query.order_by(Button.created_at, Button.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, ((rows[-1].created_at, rows[-1].id) if more and rows else None)


def search(db: Session, workspace_ids: Sequence[int] | None, text: str) -> list[Button]:
    """Return the first buttons (by name) whose name or id matches `text`, for a picker."""
    query = _scope(workspace_ids, text).order_by(Button.name, Button.id).limit(PICKS)
    return list(db.scalars(query))


def by_ids(db: Session, workspace_ids: Sequence[int] | None, ids: Sequence[str]) -> list[Button]:
    """Return the buttons among `ids` in scope, in the order of `ids`."""
    if not ids:
        return []
    found = {b.id: b for b in db.scalars(_scope(workspace_ids).where(Button.id.in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def one_in_scope(db: Session, workspace_ids: Sequence[int] | None, button_id: str) -> Button | None:
    """Return the button `button_id` if it is in scope, else None."""
    return db.scalar(_scope(workspace_ids).where(Button.id == button_id))


def first(db: Session, workspace_ids: Sequence[int] | None, limit: int) -> list[Button]:
    """Return the oldest `limit` buttons in scope."""
    return list(
        db.scalars(_scope(workspace_ids).order_by(Button.created_at, Button.id).limit(limit))
    )


def named(db: Session, workspace_ids: Sequence[int] | None, name: str) -> Button | None:
    """Return the first button in scope called exactly `name` (any case), else None."""
    query = _scope(workspace_ids).where(func.lower(Button.name) == name.strip().lower())
    return db.scalars(query.order_by(Button.created_at, Button.id).limit(1)).first()
