"""Counts that stop early: a list says "more than 10,000" instead of walking a whole table."""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

#: Beyond this many rows a count is not exact: it says CAP + 1 ("more than CAP").
CAP = 10_000


def capped_count(db: Session, query: Select, cap: int = CAP) -> int:
    """Return how many rows `query` gives, or `cap` + 1 if more than `cap`."""
    only = query.order_by(None).with_only_columns(literal(1), maintain_column_froms=True)
    limited = only.limit(cap + 1).subquery()
    return db.scalar(select(func.count()).select_from(limited)) or 0
