"""The lease table: a named lease, who holds it and until when (calls/lease.py takes them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from callgate.db.models import Base, UTCDateTime


class LeaseRow(Base):
    """A lease one process holds at a time (e.g. "watchdog"), until it expires or is released."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
