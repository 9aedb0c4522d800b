"""Where the calls of the last days came from: calls placed and answered per page path and per
campaign (utm_source, utm_medium, utm_campaign), the busiest first, grouped by the database
over the calls' stored contexts (routes/pages.py wrote them).

The calls of the period are joined to their sessions and contexts as whole sets: over a month
of calls PostgreSQL hashes them, which reads less than a lookup per call (measured in
dev/bench/console_scale.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from callgate.calls.figures_sql import ONE, ZERO, scoped
from callgate.db.models import Call, WcsSession
from callgate.db.routes import CallContext

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
    column = CallContext.page_path
    return _grouped(db, [column], workspace_ids, _start(now, days), column.is_not(None))


def by_campaign(db: Session, workspace_ids: Sequence[int] | None, now: datetime, days: int = 30):
    """Return the TOP (utm_source, utm_medium, utm_campaign) by calls placed in the last
    `days` UTC days up to `now`; calls with neither a source nor a campaign are left out."""
    c = CallContext
    tagged = or_(c.utm_source.is_not(None), c.utm_campaign.is_not(None))
    columns = [c.utm_source, c.utm_medium, c.utm_campaign]
    return _grouped(db, columns, workspace_ids, _start(now, days), tagged)


def _start(now: datetime, days: int) -> datetime:
    """Return the start of the first of the last `days` UTC days, as the overview counts."""
    first = now.astimezone(UTC).date() - timedelta(days=days - 1)
    return datetime(first.year, first.month, first.day, tzinfo=UTC)


def _grouped(db: Session, columns: list[Any], workspace_ids, since: datetime, where) -> list:
    answered = func.sum(case((Call.established_at.is_not(None), ONE), else_=ZERO))
    query = (
        select(*columns, func.count(), answered)
        .select_from(Call)
        .join(WcsSession, WcsSession.session_id == Call.session_id)
        .join(CallContext, CallContext.jti == WcsSession.jti)
        .where(Call.created_at >= since, scoped(Call.button_id, workspace_ids), where)
        .group_by(*columns)
        .order_by(func.count().desc(), *columns)
        .limit(TOP)
    )
    size = len(columns)
    rows = db.execute(query)
    return [Source(tuple(row[:size]), int(row[size]), int(row[size + 1] or 0)) for row in rows]
