"""Read the overview's rollup (db/rollups.py) for the buttons in scope, as the live overview
would have counted its days: the caller adds today's calls and the pending ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from callgate.calls import figures_sql as q
from callgate.calls.refusal_figures import refused
from callgate.db.models import AuditEvent, Button, Call
from callgate.db.rollups import OverviewRollup, RollupButton, RollupDay
from callgate.db.rollups import RollupSource as Source


def days(db: Session, rollup: OverviewRollup, workspace_ids: Sequence[int] | None):
    """Return [(UTC day, placed, answered, failed, talk seconds, refused, {category: n})] of
    the rollup's days, the workspaces in scope added up."""
    query = select(RollupDay).where(RollupDay.rollup_id == rollup.id)
    if workspace_ids is not None:
        query = query.where(RollupDay.workspace_id.in_(list(workspace_ids)))
    found: dict[date, list] = {}
    for row in db.scalars(query):
        sums = found.setdefault(row.day, [0, 0, 0, 0.0, 0, Counter()])
        for n, value in enumerate((row.placed, row.answered, row.failed, row.talk_seconds)):
            sums[n] += value
        sums[4] += row.refused
        sums[5].update(row.reasons)
    return [(day, *sums) for day, sums in sorted(found.items())]


def buttons(db: Session, rollup: OverviewRollup, workspace_ids: Sequence[int] | None):
    """Return (button id, workspace id, placed, answered, failed, talk seconds, refused) of
    each existing button in scope that the rollup counted."""
    row = RollupButton
    query = (
        select(row.button_id, Button.workspace_id, row.placed, row.answered, row.failed)
        .add_columns(row.talk_seconds, row.refused)
        .join(Button, Button.id == row.button_id)
        .where(RollupButton.rollup_id == rollup.id)
    )
    if workspace_ids is not None:
        query = query.where(Button.workspace_id.in_(list(workspace_ids)))
    return list(db.execute(query))


def sources(rollup: OverviewRollup, workspace_ids: Sequence[int] | None) -> Select:
    """Return the rollup's (page path, utm source, medium, campaign, placed, answered) of the
    workspaces in scope, one row per key."""
    keys = [Source.page_path, Source.utm_source, Source.utm_medium, Source.utm_campaign]
    query = select(*keys, func.sum(Source.placed), func.sum(Source.answered))
    query = query.where(Source.rollup_id == rollup.id)
    if workspace_ids is not None:
        query = query.where(Source.workspace_id.in_(list(workspace_ids)))
    return query.group_by(*keys)


def recent_calls(
    db: Session,
    workspace_ids: Sequence[int] | None,
    since: datetime,
    now: datetime,
    pending: Sequence[str],
) -> list[tuple]:
    """Return (button id, workspace id, UTC day, placed, answered, failed, talk seconds) of
    the calls placed since `since` or pending, per button and day, of existing buttons in
    scope: one pass that gives both the days' and the buttons' figures."""
    day = q.day_of(db, Call.created_at)
    sums = q.call_sums(db, now)
    query = select(Call.button_id.label("key"), day.label("day"), *sums)
    query = query.where(q.placed_since(since, pending)).group_by(Call.button_id, day)
    found = db.execute(q.with_workspace(query.subquery(), workspace_ids))
    return [(key, space, q.as_date(when), *q.figures(s)) for key, when, *s, space in found]


def recent_refusals(
    db: Session, workspace_ids: Sequence[int] | None, since: datetime
) -> list[tuple]:
    """Return (button id, workspace id, UTC day, code, count) of the refused attempts since
    `since` of existing buttons in scope, in one pass."""
    day = q.day_of(db, AuditEvent.at)
    query = refused(since).add_columns(
        AuditEvent.button_id.label("key"), day.label("day"), AuditEvent.code, func.count()
    )
    grouped = query.group_by(AuditEvent.button_id, day, AuditEvent.code).subquery()
    found = db.execute(q.with_workspace(grouped, workspace_ids))
    return [(key, space, q.as_date(when), code, int(n)) for key, when, code, n, space in found]
