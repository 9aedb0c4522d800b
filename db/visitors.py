"""Tables of what visitors leave: callback requests, and what the widget reports about a call.

A call's extras are keyed by its WCS session (one call per session): the widget reports them
with a key bound to the token that session consumed, so they can arrive before or after the
call row and still join it (`calls.session_id`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, UTCDateTime, utcnow


class CallbackRequest(Base):
    """A visitor's request to be called back, left when the button could not take the call."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    phone: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500))
    origin: Mapped[str] = mapped_column(String(300))
    visitor_ip: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class CallExtras(Base):
    """Quality figures, consent and rating the widget reported for the call of one session."""

    __tablename__ = "call_extras"

    session_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    rtt_ms: Mapped[int | None] = mapped_column(Integer)
    jitter_ms: Mapped[int | None] = mapped_column(Integer)
    loss_pct: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(8))
    samples: Mapped[int | None] = mapped_column(Integer)
    reconnects: Mapped[int | None] = mapped_column(Integer)
    consent_text: Mapped[str | None] = mapped_column(String(1000))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list | None] = mapped_column(JSON)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: The metadata of every table, db.models' and these: what migrations are compared against.
METADATA = Base.metadata
