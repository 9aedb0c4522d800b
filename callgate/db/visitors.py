"""Tables of what visitors leave: callback requests, the notices they accept, call reports.

A call's extras are keyed by its WCS session (one call per session): the widget reports them
with a key bound to the token that session consumed, so they can arrive before or after the
call row and still join it (`calls.session_id`). A consent is keyed by the token it was given
for, stored before the token is issued; `/connect` binds that token to the session
(`wcs_sessions.jti`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from callgate.db.models import Base, UTCDateTime, utcnow


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
    # Indexed for the retention sweep, which deletes by it.
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class CallConsent(Base):
    """A visitor's acceptance of a button's notice: the exact text, when, from which page.

    Stored by the token request that carried the acceptance, before the token was issued; the
    time is the server's. The token's jti joins it to the session, and so to the call.
    """

    __tablename__ = "call_consents"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    origin: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(String(1000))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: The metadata of every table, db.models' and these: what migrations are compared against.
METADATA = Base.metadata


# The callback list pages by (created_at, id), overall and per button (migration 0022).
Index("ix_callback_requests_created_at_id", CallbackRequest.created_at, CallbackRequest.id)
Index(
    "ix_callback_requests_button_id_created_at",
    CallbackRequest.button_id,
    CallbackRequest.created_at,
)
