"""Database tables: buttons, WCS sessions, calls and the hook events they went through.

Uniqueness that security depends on lives in constraints, so it holds across processes:
a token's `jti` is consumed once (`wcs_sessions.jti`), a session places one call
(`calls.session_id`), and a retried event is stored once (`call_events` natural key).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BUSINESS_HOURS = {day: ["08:00-20:00"] if day not in ("sat", "sun") else [] for day in WEEKDAYS}
ALWAYS_OPEN = {day: ["00:00-24:00"] for day in WEEKDAYS}


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store naive UTC, return aware UTC: SQLite keeps no zone, PostgreSQL gets the same."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        return value.astimezone(UTC).replace(tzinfo=None) if value else None

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return value.replace(tzinfo=UTC) if value else None


class Base(DeclarativeBase):
    """Declarative base of all Callgate tables."""


class Button(Base):
    """A call button: where it may be embedded, which gateway, whom it calls, as whom."""

    __tablename__ = "buttons"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    origins: Mapped[list] = mapped_column(JSON)
    gateway_url: Mapped[str] = mapped_column(String(500))
    app_key: Mapped[str] = mapped_column(String(100))
    callee: Mapped[str] = mapped_column(String(300))
    sip_login: Mapped[str] = mapped_column(String(200))
    sip_auth_name: Mapped[str | None] = mapped_column(String(200))
    sip_password: Mapped[str] = mapped_column(Text)
    sip_domain: Mapped[str | None] = mapped_column(String(300))
    sip_outbound_proxy: Mapped[str | None] = mapped_column(String(300))
    sip_port: Mapped[int] = mapped_column(Integer, default=5060)
    sip_register: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    label: Mapped[str | None] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(7), default="#0b6e4f")
    text_color: Mapped[str] = mapped_column(String(7), default="#ffffff")
    position: Mapped[str] = mapped_column(String(16), default="bottom-right")
    language: Mapped[str] = mapped_column(String(8), default="auto")
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    dtmf: Mapped[bool] = mapped_column(Boolean, default=False)
    kill_switch: Mapped[bool] = mapped_column(Boolean, default=False)
    max_concurrent: Mapped[int] = mapped_column(Integer, default=2)
    max_duration: Mapped[int] = mapped_column(Integer, default=900)
    daily_calls: Mapped[int] = mapped_column(Integer, default=100)
    daily_minutes: Mapped[int] = mapped_column(Integer, default=120)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Weekday -> list of "HH:MM-HH:MM" ranges in `timezone`; see buttons/schedule.py.
    schedule: Mapped[dict] = mapped_column(JSON, default=lambda: dict(BUSINESS_HOURS))
    holidays: Mapped[list] = mapped_column(JSON, default=list)
    closed_message: Mapped[str | None] = mapped_column(String(300))
    fallback: Mapped[str | None] = mapped_column(String(300))
    token_limits: Mapped[dict] = mapped_column(JSON, default=dict)
    # The workspace that owns the button (db/accounts.py); 1 is the default workspace.
    workspace_id: Mapped[int] = mapped_column(Integer, default=1, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The visitor's call: pre-call check, callback offer, consent notice, rating after the call.
    precheck: Mapped[bool] = mapped_column(Boolean, default=True)
    callback: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_text: Mapped[str | None] = mapped_column(String(1000))
    rating: Mapped[bool] = mapped_column(Boolean, default=False)


class WcsSession(Base):
    """A WCS websocket session that passed `/connect`, bound to the token it consumed."""

    __tablename__ = "wcs_sessions"

    session_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    origin: Mapped[str] = mapped_column(String(300))
    visitor_ip: Mapped[str | None] = mapped_column(String(64))
    node_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32), default="CONNECTED")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Call(Base):
    """One outgoing call; at most one per session."""

    __tablename__ = "calls"

    call_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(200), unique=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    callee: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    established_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    final_status: Mapped[str | None] = mapped_column(String(32))
    talk_seconds: Mapped[float | None] = mapped_column(Float)
    ended_by: Mapped[str | None] = mapped_column(String(64))


class CallEvent(Base):
    """A status a session or call went through, stored once however often WCS sends it."""

    __tablename__ = "call_events"
    __table_args__ = (UniqueConstraint("session_id", "call_id", "method", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(200), index=True)
    call_id: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    info: Mapped[str | None] = mapped_column(String(500))
    # Identifies the signed body (SHA-256, 128 bits in hex), to tell a body posted again
    # under another hook method.
    digest: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CallSlot(Base):
    """One of a button's concurrent-call slots, held by a call until FINISH or expiry."""

    __tablename__ = "call_slots"

    button_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(200), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DailyUsage(Base):
    """Calls a button placed on one day of its time zone: the atomic guard of its daily budget."""

    __tablename__ = "daily_usage"

    button_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer)


class Setting(Base):
    """A global switch or value that every process reads on each request (the kill switch)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RateCounter(Base):
    """A fixed-window request counter shared by all workers (the rate limiter's storage)."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class AuditEvent(Base):
    """One decision Callgate made (token, connect, call, limit, watchdog, kill switch) and why.

    Refusals a flood can repeat (unsigned hooks, token requests over a limit) are counted in
    one row per minute (`bucket`), action, reason and source instead, with their `count`.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("bucket", "action", "reason", "source", name="uq_audit_repeated"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(300))
    button_id: Mapped[str | None] = mapped_column(String(32), index=True)
    session_id: Mapped[str | None] = mapped_column(String(200))
    call_id: Mapped[str | None] = mapped_column(String(200))
    client_ip: Mapped[str | None] = mapped_column(String(64))
    # Where the request came from: a hook's sender, a token requester's network.
    source: Mapped[str | None] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The minute (UTC, "2026-12-01T10:04") of a counted row; NULL for a single decision.
    bucket: Mapped[str | None] = mapped_column(String(16))
    # The origin a refused page claimed (audit/origins.py); never on a counted row.
    origin: Mapped[str | None] = mapped_column(String(300))
