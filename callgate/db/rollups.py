"""The overview's rollup: the last 30 days' sealed figures, counted once a day, not per page.

A rollup covers the UTC days from `first_day` up to `seal_end` (today's midnight when built):
per button, per workspace and day, per workspace and page or campaign, over the calls that
had finished well before it was built (calls/rollup.py); the calls that had not are listed
as pending and counted live with today's. It holds only immutable facts, so whatever would
change them (a button deleted or moved, rows swept or erased) forgets the rollup at once,
and the overview counts live until the watchdog's lease holder builds the next one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, Index, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from callgate.db.models import Base, UTCDateTime


class OverviewRollup(Base):
    """One rollup: the window it covers and when it was built."""

    __tablename__ = "overview_rollups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    first_day: Mapped[date] = mapped_column(Date, unique=True)
    seal_end: Mapped[date] = mapped_column(Date)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Sums:
    """The figures a rollup keeps of a group of calls and refusals (calls/stats.py's)."""

    placed: Mapped[int] = mapped_column(Integer)
    answered: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    talk_seconds: Mapped[float] = mapped_column(Float)
    refused: Mapped[int] = mapped_column(Integer)


class RollupButton(Sums, Base):
    """One button's sealed figures (calls and refusals) in a rollup."""

    __tablename__ = "overview_rollup_buttons"

    rollup_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    button_id: Mapped[str] = mapped_column(String(32), primary_key=True)


class RollupDay(Sums, Base):
    """One workspace's sealed figures of one UTC day, with its refusals by category."""

    __tablename__ = "overview_rollup_days"

    rollup_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reasons: Mapped[dict] = mapped_column(JSON)


class RollupSource(Base):
    """One workspace's sealed calls placed and answered from one page path and campaign."""

    __tablename__ = "overview_rollup_sources"
    __table_args__ = (Index("ix_overview_rollup_sources_rollup", "rollup_id", "workspace_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rollup_id: Mapped[int] = mapped_column(Integer)
    workspace_id: Mapped[int] = mapped_column(Integer)
    page_path: Mapped[str | None] = mapped_column(String(200))
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))
    placed: Mapped[int] = mapped_column(Integer)
    answered: Mapped[int] = mapped_column(Integer)


class RollupPending(Base):
    """A call of the covered days that had not settled when the rollup was built."""

    __tablename__ = "overview_rollup_pending"

    rollup_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(200), primary_key=True)


PARTS = (RollupButton, RollupDay, RollupSource, RollupPending)


def forget(db: Session, before: datetime | None = None) -> None:
    """Delete every rollup (with `before`: those whose days begin before it), uncommitted."""
    found = select(OverviewRollup.id)
    if before is not None:
        found = found.where(OverviewRollup.first_day <= before.date())
    ids = list(db.scalars(found))
    if ids:
        for part in PARTS:
            db.execute(delete(part).where(part.rollup_id.in_(ids)))
        db.execute(delete(OverviewRollup).where(OverviewRollup.id.in_(ids)))
