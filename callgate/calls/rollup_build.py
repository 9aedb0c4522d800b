"""Count the overview's settled days into a new rollup (calls/rollup.py), with the same SQL as
the live overview (figures_sql.py, refusal_figures.py).

Only settled calls go in: ended at least SETTLE before, since a late status can still change a
call that ended moments ago. A call with no final status counts as ended when its session
closed (the watchdog ends only calls whose session is open). The window's other calls are
listed as pending, to be counted live.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, insert, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from callgate.calls import figures_sql as q
from callgate.calls.refusal_figures import refused
from callgate.calls.refusal_kinds import category
from callgate.db.models import AuditEvent, Button, Call
from callgate.db.rollups import OverviewRollup, RollupButton, RollupDay, RollupPending, RollupSource

#: How long after its end a call still counts live: its last statuses may arrive late.
SETTLE = timedelta(minutes=15)


def fill(db: Session, rollup: OverviewRollup, now: datetime) -> None:
    """Count the rollup's days as they stand at `now` into its parts (uncommitted)."""
    start, end = q.midnight(rollup.first_day), q.midnight(rollup.seal_end)
    sealed = _sealed(start, end, now - SETTLE)
    db.execute(insert(RollupPending).from_select(["rollup_id", "call_id"], _pending(rollup, now)))
    _buttons(db, rollup, sealed, now)
    _days(db, rollup, sealed, now)
    db.execute(insert(RollupSource).from_select(*_sources(rollup, sealed)))


def _sealed(start: datetime, end: datetime, settled: datetime) -> ColumnElement[bool]:
    """Return whether a call belongs to the rollup: placed in the window, and ended (by its
    status, or else by its session's end) before `settled`."""
    closed = q.closed_at()
    ended = or_(Call.finished_at < settled, and_(Call.finished_at.is_(None), closed < settled))
    return and_(Call.created_at >= start, Call.created_at < end, ended)


def _pending(rollup: OverviewRollup, now: datetime):
    """Return the (rollup id, call id) of the window's calls that had not settled."""
    start, end, settled = q.midnight(rollup.first_day), q.midnight(rollup.seal_end), now - SETTLE
    closed = q.closed_at()
    open_ = and_(Call.finished_at.is_(None), or_(closed.is_(None), closed >= settled))
    unsettled = or_(open_, Call.finished_at >= settled)
    query = select(literal(rollup.id), Call.call_id)
    return query.where(Call.created_at >= start, Call.created_at < end, unsettled)


def _refused(rollup: OverviewRollup):
    """Return the refused attempts of the rollup's days (no columns yet)."""
    end = q.midnight(rollup.seal_end)
    return refused(q.midnight(rollup.first_day)).where(AuditEvent.at < end)


def _buttons(db: Session, rollup: OverviewRollup, sealed, now: datetime) -> None:
    """Store each button's sealed figures: calls and refusals, grouped by the database."""
    rows: dict[str, dict] = defaultdict(lambda: dict.fromkeys(("placed", "answered"), 0))
    calls = select(Call.button_id, *q.call_sums(db, now)).where(sealed).group_by(Call.button_id)
    for button_id, *sums in db.execute(calls):
        placed, answered, failed, seconds = q.figures(sums)
        rows[button_id] |= {"placed": placed, "answered": answered, "failed": failed}
        rows[button_id]["talk_seconds"] = seconds
    count = _refused(rollup).add_columns(AuditEvent.button_id, func.count())
    for button_id, n in db.execute(count.group_by(AuditEvent.button_id)):
        rows[button_id]["refused"] = int(n)
    empty = {"failed": 0, "talk_seconds": 0.0, "refused": 0}
    values = [empty | row | {"rollup_id": rollup.id, "button_id": b} for b, row in rows.items()]
    if values:
        db.execute(insert(RollupButton), values)


def _days(db: Session, rollup: OverviewRollup, sealed, now: datetime) -> None:
    """Store each workspace's figures per sealed day, with its refusals by category."""
    day = q.day_of(db, Call.created_at)
    calls = select(day, Button.workspace_id, *q.call_sums(db, now)).join(
        Button, Button.id == Call.button_id
    )
    rows: dict[tuple, dict] = {}
    for when, space, *sums in db.execute(calls.where(sealed).group_by(day, Button.workspace_id)):
        placed, answered, failed, seconds = q.figures(sums)
        rows[(q.as_date(when), space)] = {
            "placed": placed,
            "answered": answered,
            "failed": failed,
            "talk_seconds": seconds,
        }
    at_day = q.day_of(db, AuditEvent.at)
    count = _refused(rollup).join(Button, Button.id == AuditEvent.button_id)
    count = count.add_columns(at_day, Button.workspace_id, AuditEvent.code, func.count())
    reasons: dict[tuple, Counter] = defaultdict(Counter)
    start = q.midnight(rollup.first_day)
    for when, space, code, n in db.execute(
        count.group_by(at_day, Button.workspace_id, AuditEvent.code)
    ):
        reasons[(q.as_date(when), space)][category(code, None, start)] += int(n)
    empty = {"placed": 0, "answered": 0, "failed": 0, "talk_seconds": 0.0}
    values = [
        empty
        | rows.get(key, {})
        | {
            "rollup_id": rollup.id,
            "day": key[0],
            "workspace_id": key[1],
            "refused": sum(reasons[key].values()),
            "reasons": dict(reasons[key]),
        }
        for key in set(rows) | set(reasons)
    ]
    if values:
        db.execute(insert(RollupDay), values)


def _sources(rollup: OverviewRollup, sealed):
    """Return the columns and the query that store each workspace's sealed calls per page
    path and campaign."""
    keys = [Call.page_path, Call.utm_source, Call.utm_medium, Call.utm_campaign]
    answered = func.sum(case((Call.established_at.is_not(None), q.ONE), else_=q.ZERO))
    query = (
        select(literal(rollup.id), Button.workspace_id, *keys, func.count(), answered)
        .join(Button, Button.id == Call.button_id)
        .where(sealed)
        .group_by(Button.workspace_id, *keys)
    )
    names = ["rollup_id", "workspace_id", "page_path", "utm_source", "utm_medium"]
    return [*names, "utm_campaign", "placed", "answered"], query
