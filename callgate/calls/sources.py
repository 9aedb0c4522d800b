"""Where the calls of the last days came from: calls placed and answered per page path and per
campaign (utm_source, utm_medium, utm_campaign), the busiest first, grouped by the database
over the calls alone, which keep their page and campaign when placed (hooks/call.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from callgate.calls.figures_sql import ONE, ZERO, scoped
from callgate.db.models import Call

#: How many pages and campaigns the overview lists.
TOP = 10


@dataclass(frozen=True)
class Source:
    """One page path, or one (source, medium, campaign), with its calls."""

    key: tuple[str | None, ...]
    placed: int
    answered: int


def by_page(db: Session, workspace_ids: Sequence[int] | None, now: datetime, days: int = 30):
    """Return the TOP page paths by calls placed in the last `days` UTC days up to `now`."""
    return _grouped(db, [Call.page_path], workspace_ids, now, days, Call.page_path.is_not(None))


def by_campaign(db: Session, workspace_ids: Sequence[int] | None, now: datetime, days: int = 30):
    """Return the TOP (utm_source, utm_medium, utm_campaign) by calls placed in the last
    `days` UTC days up to `now`; calls with neither a source nor a campaign are left out."""
    tagged = or_(Call.utm_source.is_not(None), Call.utm_campaign.is_not(None))
    columns = [Call.utm_source, Call.utm_medium, Call.utm_campaign]
    return _grouped(db, columns, workspace_ids, now, days, tagged)


def _grouped(db: Session, columns: list[Any], workspace_ids, now: datetime, days: int, where):
    first = now.astimezone(UTC).date() - timedelta(days=days - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=UTC)
    answered = func.sum(case((Call.established_at.is_not(None), ONE), else_=ZERO))
    query = (
        select(*columns, func.count(), answered)
        .where(Call.created_at >= since, scoped(Call.button_id, workspace_ids), where)
        .group_by(*columns)
        .order_by(func.count().desc(), *columns)
        .limit(TOP)
    )
    size = len(columns)
    rows = db.execute(query)
    return [Source(tuple(row[:size]), int(row[size]), int(row[size + 1] or 0)) for row in rows]
