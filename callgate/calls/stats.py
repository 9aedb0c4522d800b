"""Figures for the console's overview: calls placed, answered, failed, refused, talk minutes.

Days are UTC days. A call counts on the day it was placed: answered once ESTABLISHED, failed
once it ended without being answered. Refusals are the audit trail's refused token, connect
and call decisions, by category (calls/refusal_kinds.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from callgate.calls import overview_counts as counts
from callgate.calls import rollup
from callgate.calls.refusal_figures import REFUSED_ACTIONS as REFUSED_ACTIONS
from callgate.calls.refusal_figures import move_holidays


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
    db: Session,
    workspace_ids: Sequence[int] | None,
    now: datetime,
    days: int = 30,
    sealed: rollup.Sealed | None | Literal["look"] = "look",
) -> Overview:
    """Return the figures of the buttons of `workspace_ids` (None: all) for the last `days`
    UTC days up to `now`, counted by the database in grouped passes: over today's and the
    pending calls only, with the rest from the overview's rollup (`sealed`, looked up unless
    given) when one covers the window (calls/rollup.py), else over the whole window."""
    first, midnight = rollup.window(now, days)
    start, today = rollup.midnight(first), midnight.date()
    sealed = rollup.usable(db, now, days) if sealed == "look" else sealed
    per_day: dict[date, Figures] = defaultdict(Figures)
    tally = counts.Tally(per_day)
    if sealed is None:
        counts.live(db, tally, workspace_ids, start, midnight, now)
    else:
        counts.rolled(db, tally, workspace_ids, sealed, midnight, now)
    move_holidays(db, workspace_ids, start, per_day)
    series = [(first + timedelta(days=n), per_day[first + timedelta(days=n)]) for n in range(days)]
    total = Figures()
    for _day, figures in series:
        add(total, figures)
    found = Overview(series, per_day[today], total, {}, {}, {})
    found.by_button = {key: _figures(sums) for key, sums in tally.month.items()}
    found.by_button_today = {key: _figures(sums) for key, sums in tally.today.items()}
    found.by_workspace = {key: _figures(sums) for key, sums in tally.spaces.items()}
    return found


def _figures(sums: list) -> Figures:
    placed, answered, failed, seconds, refused = sums
    return Figures(placed, answered, failed, refused, seconds)


def add(total: Figures, figures: Figures) -> None:
    """Add the counts of `figures` into `total`."""
    total.placed += figures.placed
    total.answered += figures.answered
    total.failed += figures.failed
    total.refused += figures.refused
    total.talk_seconds += figures.talk_seconds
    total.reasons.update(figures.reasons)
