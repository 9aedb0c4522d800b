"""The overview's rollup of settled days (db/rollups.py): which one covers a window, and
building it once a UTC day.

The lease holder calls `refresh` each round: when no rollup covers today's 30-day window it
counts the days before today once (calls/rollup_build.py). Building a new one drops the
older ones. The overview reads it (`usable`) with the calls it left pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.calls import rollup_build
from callgate.calls.figures_sql import midnight as midnight
from callgate.db import rollups
from callgate.db.rollups import OverviewRollup, RollupPending

#: The window the overview shows, in UTC days up to today.
DAYS = 30
#: More pending calls than this and the rollup is not read: counting live is as quick.
MAX_PENDING = 500


def window(now: datetime, days: int = DAYS) -> tuple[date, datetime]:
    """Return the first UTC day of the `days`-day window up to `now`, and today's midnight."""
    today = now.astimezone(UTC).date()
    return today - timedelta(days=days - 1), midnight(today)


def current(db: Session, now: datetime, days: int = DAYS) -> OverviewRollup | None:
    """Return the rollup that covers the `days`-day window up to `now`, if one was built."""
    first, end = window(now, days)
    found = db.scalar(select(OverviewRollup).where(OverviewRollup.first_day == first))
    return found if found is not None and found.seal_end == end.date() else None


def refresh(db: Session, now: datetime) -> OverviewRollup | None:
    """Build and commit the rollup of the window up to `now` unless there is one; return the
    new one (None if it was there)."""
    if current(db, now) is not None:
        return None
    first, end = window(now)
    rollups.forget(db)
    rollup = OverviewRollup(first_day=first, seal_end=end.date(), built_at=now)
    db.add(rollup)
    db.flush()
    rollup_build.fill(db, rollup, now)
    db.commit()
    return rollup


def usable(db: Session, now: datetime, days: int = DAYS) -> Sealed | None:
    """Return the rollup of the `days`-day window up to `now` with its pending call ids, or
    None if there is none or it left too many calls pending to be worth reading."""
    found = current(db, now, days)
    if found is None:
        return None
    listed = select(RollupPending.call_id).where(RollupPending.rollup_id == found.id)
    ids = list(db.scalars(listed.limit(MAX_PENDING + 1)))
    return Sealed(found, ids) if len(ids) <= MAX_PENDING else None


@dataclass(frozen=True)
class Sealed:
    """A rollup to read, and the calls of its days it left to be counted live."""

    rollup: OverviewRollup
    pending: list[str]
