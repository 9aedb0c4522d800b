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

from sqlalchemy.orm import Session

from callgate.calls import figures_sql as q
from callgate.calls.refusal_figures import REFUSED_ACTIONS as REFUSED_ACTIONS
from callgate.calls.refusal_figures import refusals_by_button, refusals_by_day


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
    UTC days up to `now`, counted by the database in two passes over the calls and two over
    the refusals."""
    today = now.astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    start, midnight = _midnight(first), _midnight(today)
    per_day: dict[date, Figures] = defaultdict(Figures)
    for day, *sums in q.calls_by_day(db, workspace_ids, start, now):
        add(per_day[day], _of(sums))
    for day, one in refusals_by_day(db, workspace_ids, start).items():
        add(per_day[day], one)
    series = [(first + timedelta(days=n), per_day[first + timedelta(days=n)]) for n in range(days)]
    total = Figures()
    for _day, figures in series:
        add(total, figures)
    found = Overview(series, per_day[today], total, {}, {}, {})
    _per_button(db, workspace_ids, (start, midnight, now), found)
    return found


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _of(sums: Sequence) -> Figures:
    """Return the Figures of the calls' (placed, answered, failed, talk seconds)."""
    placed, answered, failed, seconds = sums
    return Figures(placed, answered, failed, 0, seconds)


def _per_button(db: Session, scope: Sequence[int] | None, times: tuple, found: Overview) -> None:
    """Fill each button's figures since the first day and since midnight, and each workspace's
    (no reasons' breakdown): one grouped query over the calls, one over the refusals."""
    start, midnight, now = times
    month: dict[str, Figures] = defaultdict(Figures)
    today: dict[str, Figures] = defaultdict(Figures)
    spaces: dict[int, Figures] = defaultdict(Figures)
    for button, space, sums, lately in q.calls_by_button(db, scope, start, midnight, now):
        month[button] = _of(sums)  # one row per button
        add(spaces[space], month[button])
        if lately[0]:
            today[button] = _of(lately)
    for button, space, count, since_midnight in refusals_by_button(db, scope, start, midnight):
        month[button].refused += count
        spaces[space].refused += count
        if since_midnight:
            today[button].refused += since_midnight
    found.by_button, found.by_button_today = dict(month), dict(today)
    found.by_workspace = dict(spaces)


def add(total: Figures, figures: Figures) -> None:
    """Add the counts of `figures` into `total`."""
    total.placed += figures.placed
    total.answered += figures.answered
    total.failed += figures.failed
    total.refused += figures.refused
    total.talk_seconds += figures.talk_seconds
    total.reasons.update(figures.reasons)
