"""How the overview counts its window: all of it live, or the rollup's settled days plus
today's and the pending calls, each kind in one pass (calls/stats.py adds them up).

Per-button and per-workspace sums stay plain lists, (placed, answered, failed, talk seconds,
refused), until the end: a page may hold ten thousand buttons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from callgate.calls import figures_sql as q
from callgate.calls import rollup_read
from callgate.calls.refusal_figures import counted_by_day, refusals_by_button
from callgate.calls.refusal_kinds import category
from callgate.calls.rollup import Sealed


def zero() -> list:
    """Return empty sums: (placed, answered, failed, talk seconds, refused)."""
    return [0, 0, 0, 0.0, 0]


def add_up(total: list, sums: Sequence) -> None:
    """Add (placed, answered, failed, talk seconds, refused) into `total`, the same order."""
    placed, answered, failed, seconds, refused = sums  # unrolled: called per button, twice
    total[0] += placed
    total[1] += answered
    total[2] += failed
    total[3] += seconds
    total[4] += refused


@dataclass
class Tally:
    """The overview's sums as they are counted: per day (Figures), per button over the window
    and since midnight, per workspace."""

    per_day: Any  # {date: Figures}, a defaultdict
    month: dict[str, list] = field(default_factory=lambda: defaultdict(zero))
    today: dict[str, list] = field(default_factory=lambda: defaultdict(zero))
    spaces: dict[int, list] = field(default_factory=lambda: defaultdict(zero))

    def calls_of_day(self, day: date, placed: int, answered: int, failed: int, seconds: float):
        """Add a group of calls to its day."""
        figures = self.per_day[day]
        figures.placed += placed
        figures.answered += answered
        figures.failed += failed
        figures.talk_seconds += seconds

    def button(self, button: str, space: int, sums: Sequence) -> None:
        """Add a button's sums to the window's and to its workspace's."""
        add_up(self.month[button], sums)
        add_up(self.spaces[space], sums)

    def refused(self, button: str, space: int, count: int, since_midnight: int) -> None:
        """Add a button's refusals, in the window and since midnight."""
        self.month[button][4] += count
        self.spaces[space][4] += count
        if since_midnight:
            self.today[button][4] += since_midnight


def live(db: Session, tally: Tally, scope, start: datetime, midnight: datetime, now: datetime):
    """Count the whole window from `start`: two passes over the calls, two over refusals."""
    for day, *sums in q.calls_by_day(db, scope, start, now):
        tally.calls_of_day(day, *sums)
    for day, one in counted_by_day(db, scope, start).items():
        tally.per_day[day].refused += one.refused
        tally.per_day[day].reasons.update(one.reasons)
    for button, space, sums, lately in q.calls_by_button(db, scope, start, midnight, now):
        tally.button(button, space, (*sums, 0))
        if lately[0]:
            tally.today[button] = [*lately, 0]
    for button, space, count, since_midnight in refusals_by_button(db, scope, start, midnight):
        tally.refused(button, space, count, since_midnight)


def rolled(db: Session, tally: Tally, scope, sealed: Sealed, midnight: datetime, now: datetime):
    """Count the rollup's days, then today's and the pending calls and today's refusals."""
    for day, *sums, refused, reasons in rollup_read.days(db, sealed.rollup, scope):
        tally.calls_of_day(day, *sums)
        tally.per_day[day].refused += refused
        tally.per_day[day].reasons.update(reasons)
    for button, space, *sums in rollup_read.buttons(db, sealed.rollup, scope):
        tally.button(button, space, sums)
    today = midnight.date()
    for button, space, day, *sums in rollup_read.recent_calls(
        db, scope, midnight, now, sealed.pending
    ):
        tally.calls_of_day(day, *sums)
        tally.button(button, space, (*sums, 0))
        if day == today:
            add_up(tally.today[button], (*sums, 0))
    for button, space, day, code, count in rollup_read.recent_refusals(db, scope, midnight):
        tally.per_day[day].refused += count
        tally.per_day[day].reasons[category(code, None, midnight)] += count
        tally.refused(button, space, count, count)
