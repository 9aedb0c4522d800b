"""Figures for the console's overview: calls placed, answered, failed, refused, talk minutes.

Days are UTC days. A call counts on the day it was placed: answered once ESTABLISHED, failed
once it ended without being answered. Refusals are the audit trail's refused token, connect
and call decisions, by category (calls/refusal_kinds.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.orm import Session

from callgate.calls import figures_sql as q
from callgate.calls.refusal_figures import refusals_by_day
from callgate.db.models import AuditEvent, Button, Call

REFUSED_ACTIONS = q.REFUSED_ACTIONS


@dataclass
class Figures:
    """The counts of one day, one button or one whole period."""

    placed: int = 0
    answered: int = 0
    failed: int = 0
    refused: int = 0
    talk_seconds: float = 0.0
    reasons: Counter = field(default_factory=Counter)

    @property
    def talk_minutes(self) -> float:
        """Return the talk time in minutes, to one decimal."""
        return round(self.talk_seconds / 60, 1)


@dataclass
class Overview:
    """Per-day figures (oldest first), today's, the period's, and each button's.

    A button's figures carry no breakdown of refusal reasons (the period's and each day's do).
    """

    days: list[tuple[date, Figures]]
    today: Figures
    total: Figures
    by_button: dict[str, Figures]
    by_button_today: dict[str, Figures]
    by_workspace: dict[int, Figures] = field(default_factory=dict)


def overview(
    db: Session, workspace_ids: Sequence[int] | None, now: datetime, days: int = 30
) -> Overview:
    """Return the figures of the buttons of `workspace_ids` (None: all) for the last `days`
    UTC days up to `now`, counted by the database."""
    today = now.astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    start, midnight = _midnight(first), _midnight(today)
    per_day: dict[date, Figures] = defaultdict(Figures)
    for day, one in _calls(db, q.day_of(db, Call.created_at), workspace_ids, start, now):
        add(per_day[q.as_date(day)], one)
    for day, one in refusals_by_day(db, workspace_ids, start).items():
        add(per_day[day], one)
    series = [(first + timedelta(days=n), per_day[first + timedelta(days=n)]) for n in range(days)]
    total = Figures()
    for _day, figures in series:
        add(total, figures)
    by_button = _per(db, Call.button_id, AuditEvent.button_id, workspace_ids, start, now)
    by_button_today = _per(db, Call.button_id, AuditEvent.button_id, workspace_ids, midnight, now)
    spaces = _per(db, Button.workspace_id, Button.workspace_id, workspace_ids, start, now)
    by_workspace = {int(str(k)): figures for k, figures in spaces.items()}
    return Overview(series, per_day[today], total, by_button, by_button_today, by_workspace)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _calls(db: Session, key, workspace_ids, since: datetime, now: datetime):
    for k, placed, answered, failed, talk in q.call_groups(db, key, workspace_ids, since, now):
        yield k, Figures(placed, answered, failed, 0, talk)


def _per(
    db: Session, calls_key, refused_key, scope: Sequence[int] | None, since: datetime, now: datetime
) -> dict[str, Figures]:
    """Return the figures since `since` by button (or workspace), with no reasons' breakdown."""
    found: dict[str, Figures] = defaultdict(Figures)
    for key, one in _calls(db, calls_key, scope, since, now):
        add(found[str(key)], one)
    counted = q.refusals(db, scope, since).add_columns(refused_key, func.count())
    for key, count in db.execute(counted.group_by(refused_key)):
        found[str(key)].refused += count
    return dict(found)


def add(total: Figures, figures: Figures) -> None:
    """Add the counts of `figures` into `total`."""
    total.placed += figures.placed
    total.answered += figures.answered
    total.failed += figures.failed
    total.refused += figures.refused
    total.talk_seconds += figures.talk_seconds
    total.reasons.update(figures.reasons)
