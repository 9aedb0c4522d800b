"""Where the calls of the last days came from: calls placed and answered per page path and per
campaign (utm_source, utm_medium, utm_campaign), the busiest first, counted by the database in
one pass over the calls, which keep their page and campaign when placed (hooks/call.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from callgate.calls import rollup, rollup_read
from callgate.calls.figures_sql import ONE, ZERO, placed_since, scoped
from callgate.db.models import Call

#: How many pages and campaigns the overview lists.
TOP = 10
Key = tuple[str | None, ...]


@dataclass(frozen=True)
class Source:
    """One page path, or one (source, medium, campaign), with its calls."""

    key: Key
    placed: int
    answered: int


def by_page_and_campaign(
    db: Session,
    workspace_ids: Sequence[int] | None,
    now: datetime,
    days: int = 30,
    sealed: rollup.Sealed | None | Literal["look"] = "look",
) -> tuple[list[Source], list[Source]]:
    """Return the TOP page paths and the TOP (utm_source, utm_medium, utm_campaign) by calls
    placed in the last `days` UTC days up to `now`; calls that named neither a page nor a
    source or campaign are left out of the table they lack. The sealed days come from the
    overview's rollup (`sealed`, looked up unless given) when one covers the window."""
    pages: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    campaigns: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    sealed = rollup.usable(db, now, days) if sealed == "look" else sealed
    rows: list = []
    if sealed is not None:
        rows = list(db.execute(rollup_read.sources(sealed.rollup, workspace_ids)))
    live = _query(workspace_ids, now, days, sealed)
    for path, source, medium, campaign, placed, answered in [*rows, *db.execute(live)]:
        if path is not None:
            _add(pages[(path,)], placed, answered)
        if source is not None or campaign is not None:
            _add(campaigns[(source, medium, campaign)], placed, answered)
    return _top(pages), _top(campaigns)


def _query(
    workspace_ids: Sequence[int] | None, now: datetime, days: int, sealed: rollup.Sealed | None
):
    """Return the calls of the period grouped by page and campaign, with placed and answered:
    with a rollup (`sealed`), only today's calls and its pending ones."""
    first, today = rollup.window(now, days)
    since, also = (rollup.midnight(first), []) if sealed is None else (today, sealed.pending)
    columns = [Call.page_path, Call.utm_source, Call.utm_medium, Call.utm_campaign]
    answered = func.sum(case((Call.established_at.is_not(None), ONE), else_=ZERO))
    return (
        select(*columns, func.count(), answered)
        .where(placed_since(since, also), scoped(Call.button_id, workspace_ids))
        .group_by(*columns)
    )


def _add(figures: list[int], placed: int, answered: int | None) -> None:
    figures[0] += int(placed)
    figures[1] += int(answered or 0)


def _top(counted: dict[Key, list[int]]) -> list[Source]:
    """Return the TOP keys by calls placed (then by key), as Sources."""
    order = sorted(counted.items(), key=lambda item: (-item[1][0], [k or "" for k in item[0]]))
    return [Source(key, placed, answered) for key, (placed, answered) in order[:TOP]]
