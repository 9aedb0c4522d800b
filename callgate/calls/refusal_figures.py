"""Refused attempts per UTC day and category, counted by the database.

Most codes name their category alone; a "closed" one is a holiday only if the button's
calendar says so for that local date, so only the closed refusals of buttons with holidays
are read one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callgate.calls import figures_sql as q
from callgate.calls.refusal_kinds import category
from callgate.db.models import AuditEvent, Button


def refusals_by_day(db: Session, workspace_ids: Sequence[int] | None, since: datetime):
    """Return {UTC day: Figures with its refusals and their reasons} since `since`."""
    from callgate.calls.stats import Figures

    day = q.day_of(db, AuditEvent.at)
    counted = q.refusals(db, workspace_ids, since).add_columns(day, AuditEvent.code, func.count())
    found: dict[date, Figures] = defaultdict(Figures)
    for when, code, count in db.execute(counted.group_by(day, AuditEvent.code)):
        kind = category(code, None, since)
        figures = found[q.as_date(when)]
        figures.refused += count
        figures.reasons[kind] += count
    for when, kind in _holidays(db, workspace_ids, since):
        reasons = found[when].reasons
        reasons["hours"] -= 1
        reasons[kind] += 1
        found[when].reasons = +reasons
    return dict(found)


def _holidays(db: Session, workspace_ids: Sequence[int] | None, since: datetime):
    """Yield (UTC day, "holiday") for each closed refusal made on its button's holiday."""
    query = q.refusals(db, workspace_ids, since).add_columns(AuditEvent.at, AuditEvent.button_id)
    rows = list(db.execute(query.where(AuditEvent.code == "closed", q.with_holidays())))
    if not rows:
        return
    ids = {button_id for _at, button_id in rows}
    buttons = {b.id: b for b in db.scalars(select(Button).where(Button.id.in_(ids)))}
    for at, button_id in rows:
        if category("closed", buttons.get(button_id), at) == "holiday":
            yield at.date(), "holiday"
