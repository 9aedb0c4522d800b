"""Refused attempts per UTC day and category, and per button, counted by the database.

Most codes name their category alone; a "closed" one is a holiday only if the button's
calendar says so for that local date, so only the closed refusals of buttons with holidays
are read one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from callgate.calls import figures_sql as q
from callgate.calls.refusal_kinds import category
from callgate.db.models import AuditEvent, Button

REFUSED_ACTIONS = ("token", "connect", "call")


def refused(since: datetime) -> Select:
    """Return the refused token, connect and call decisions since `since` (no columns yet)."""
    return (
        select()
        .select_from(AuditEvent)
        .where(
            AuditEvent.outcome == "refused",
            AuditEvent.action.in_(REFUSED_ACTIONS),
            AuditEvent.at >= since,
        )
    )


def refusals(db: Session, workspace_ids: Sequence[int] | None, since: datetime) -> Select:
    """Return the refused attempts since `since` of the buttons in scope (no columns yet)."""
    return refused(since).where(q.scoped(AuditEvent.button_id, workspace_ids))


def refusals_by_button(
    db: Session, workspace_ids: Sequence[int] | None, since: datetime, split: datetime
) -> list[tuple[str, int, int, int]]:
    """Return (button id, workspace id, refusals since `since`, since `split`) of each button
    in scope refused since `since`: grouped first, then joined to the buttons."""
    lately = func.sum(case((AuditEvent.at >= split, q.ONE), else_=q.ZERO))
    query = refused(since).add_columns(AuditEvent.button_id.label("key"))
    grouped = query.add_columns(func.count(), lately).group_by(AuditEvent.button_id).subquery()
    joined = q.with_workspace(grouped, workspace_ids)
    return [(k, space, int(n), int(m or 0)) for k, n, m, space in db.execute(joined)]


def refusals_by_day(db: Session, workspace_ids: Sequence[int] | None, since: datetime):
    """Return {UTC day: Figures with its refusals and their reasons} since `since`."""
    found = counted_by_day(db, workspace_ids, since)
    move_holidays(db, workspace_ids, since, found)
    return dict(found)


def counted_by_day(db: Session, workspace_ids: Sequence[int] | None, since: datetime):
    """Return {UTC day: Figures with its refusals by category, each "closed" one as "hours"}
    since `since` (move_holidays then finds the holidays among them)."""
    from callgate.calls.stats import Figures

    day = q.day_of(db, AuditEvent.at)
    counted = refusals(db, workspace_ids, since).add_columns(day, AuditEvent.code, func.count())
    found: dict[date, Figures] = defaultdict(Figures)
    for when, code, count in db.execute(counted.group_by(day, AuditEvent.code)):
        kind = category(code, None, since)
        figures = found[q.as_date(when)]
        figures.refused += count
        figures.reasons[kind] += count
    return found


def move_holidays(
    db: Session, workspace_ids: Sequence[int] | None, since: datetime, found: dict
) -> None:
    """Move each closed refusal since `since` made on its button's holiday (by the button's
    calendar as it is now) from "hours" to "holiday" in `found` ({UTC day: Figures})."""
    for when, kind in _holidays(db, workspace_ids, since):
        reasons = found[when].reasons
        reasons["hours"] -= 1
        reasons[kind] += 1
        found[when].reasons = +reasons


def _holidays(db: Session, workspace_ids: Sequence[int] | None, since: datetime):
    """Yield (UTC day, "holiday") for each closed refusal made on its button's holiday."""
    query = refused(since).add_columns(AuditEvent.at, AuditEvent.button_id)
    query = query.join(Button, Button.id == AuditEvent.button_id).where(q.with_holidays())
    if workspace_ids is not None:
        query = query.where(Button.workspace_id.in_(list(workspace_ids)))
    rows = list(db.execute(query.where(AuditEvent.code == "closed")))
    if not rows:
        return
    ids = {button_id for _at, button_id in rows}
    buttons = {b.id: b for b in db.scalars(select(Button).where(Button.id.in_(ids)))}
    for at, button_id in rows:
        if category("closed", buttons.get(button_id), at) == "holiday":
            yield at.date(), "holiday"
