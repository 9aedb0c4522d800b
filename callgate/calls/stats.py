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

from callgate.calls import figures_sql as q
from callgate.calls import rollup, rollup_read
from callgate.calls.refusal_figures import REFUSED_ACTIONS as REFUSED_ACTIONS
from callgate.calls.refusal_figures import counted_by_day, move_holidays, refusals_by_button


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
    UTC days up to `now`, counted by the database in two passes over the calls and two over
    the refusals: over today's and the pending calls only, with the rest from the overview's
    rollup (`sealed`, looked up unless given) when one covers the window (calls/rollup.py)."""
    first, midnight = rollup.window(now, days)
    start, today = rollup.midnight(first), midnight.date()
    sealed = rollup.usable(db, now, days) if sealed == "look" else sealed
    live = Live(workspace_ids, start if sealed is None else midnight, midnight, now, sealed)
    per_day: dict[date, Figures] = defaultdict(Figures)
    if sealed is not None:
        for day, *sums, refused, reasons in rollup_read.days(db, sealed.rollup, workspace_ids):
            add(per_day[day], _of(sums))
            per_day[day].refused += refused
            per_day[day].reasons.update(reasons)
    for day, *sums in q.calls_by_day(db, workspace_ids, live.since, now, live.also):
        add(per_day[day], _of(sums))
    for day, one in counted_by_day(db, workspace_ids, live.since).items():
        add(per_day[day], one)
    move_holidays(db, workspace_ids, start, per_day)
    series = [(first + timedelta(days=n), per_day[first + timedelta(days=n)]) for n in range(days)]
    total = Figures()
    for _day, figures in series:
        add(total, figures)
    found = Overview(series, per_day[today], total, {}, {}, {})
    _per_button(db, live, found)
    return found


@dataclass(frozen=True)
class Live:
    """What the overview counts itself: the calls and refusals since `since` (with a rollup,
    today's midnight) and the rollup's pending calls, split at `midnight`, at `now`."""

    scope: Sequence[int] | None
    since: datetime
    midnight: datetime
    now: datetime
    sealed: rollup.Sealed | None

    @property
    def also(self) -> list[str]:
        """Return the rollup's pending call ids (none without a rollup)."""
        return [] if self.sealed is None else self.sealed.pending


def _of(sums: Sequence) -> Figures:
    """Return the Figures of the calls' (placed, answered, failed, talk seconds)."""
    placed, answered, failed, seconds = sums
    return Figures(placed, answered, failed, 0, seconds)


def _per_button(db: Session, live: Live, found: Overview) -> None:
    """Fill each button's figures since the first day and since midnight, and each workspace's
    (no reasons' breakdown): the rollup's, then one grouped query over the calls, one over the
    refusals. Sums stay plain lists until the end: a page may hold ten thousand buttons."""
    month: dict[str, list] = defaultdict(_zero)
    today: dict[str, list] = defaultdict(_zero)
    spaces: dict[int, list] = defaultdict(_zero)
    if live.sealed is not None:
        for button, space, *sums in rollup_read.buttons(db, live.sealed.rollup, live.scope):
            _sum(month[button], sums)
            _sum(spaces[space], sums)
    calls = q.calls_by_button(db, live.scope, live.since, live.midnight, live.now, live.also)
    for button, space, sums, lately in calls:
        _sum(month[button], (*sums, 0))
        _sum(spaces[space], (*sums, 0))
        if lately[0]:
            today[button] = [*lately, 0]
    for button, space, count, since_midnight in refusals_by_button(
        db, live.scope, live.since, live.midnight
    ):
        month[button][4] += count
        spaces[space][4] += count
        if since_midnight:
            today[button][4] += since_midnight
    found.by_button = {key: _figures(sums) for key, sums in month.items()}
    found.by_button_today = {key: _figures(sums) for key, sums in today.items()}
    found.by_workspace = {key: _figures(sums) for key, sums in spaces.items()}


def _zero() -> list:
    return [0, 0, 0, 0.0, 0]


def _sum(total: list, sums: Sequence) -> None:
    """Add (placed, answered, failed, talk seconds, refused) into `total`, the same order."""
    placed, answered, failed, seconds, refused = sums  # unrolled: called per button, twice
    total[0] += placed
    total[1] += answered
    total[2] += failed
    total[3] += seconds
    total[4] += refused


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
