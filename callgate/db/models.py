"""Database tables: buttons, WCS sessions, calls and the hook events they went through.

Uniqueness that security depends on lives in constraints, so it holds across processes:
a token's `jti` is consumed once (`wcs_sessions.jti`), a session places one call
(`calls.session_id`), and a retried event is stored once (`call_events` natural key).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column
from sqlalchemy.types import TypeDecorator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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


#: The largest id an Integer column holds (PostgreSQL's integer): a larger one is no row's.
MAX_ID = 2**31 - 1


class Base(DeclarativeBase):
    """Declarative base of all Callgate tables."""


class Setting(Base):
    """A global switch or value that every process reads on each request (the kill switch)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Button(Base):
    """A call button: where it may be embedded, which gateway, whom it calls, as whom.

    The defaults of its fields are in the field table (buttons/fields.py); buttons.store makes
    every row with them.
    """

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
    sip_port: Mapped[int] = mapped_column(Integer)
    sip_register: Mapped[bool] = mapped_column(Boolean)
    enabled: Mapped[bool] = mapped_column(Boolean)
    label: Mapped[str | None] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(7))
    text_color: Mapped[str] = mapped_column(String(7))
    position: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    texts: Mapped[dict] = mapped_column(JSON)
    dtmf: Mapped[bool] = mapped_column(Boolean)
    kill_switch: Mapped[bool] = mapped_column(Boolean, default=False)
    # The global kill switch's setting, read with the button in the same statement (a subquery
    # evaluated once per statement): no statement of its own on each request (killswitch.py).
    global_switch: Mapped[dict | None] = column_property(
        select(Setting.value).where(Setting.key == "kill_switch").scalar_subquery()
    )
    max_concurrent: Mapped[int] = mapped_column(Integer)
    max_duration: Mapped[int] = mapped_column(Integer)
    daily_calls: Mapped[int] = mapped_column(Integer)
    daily_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    # Weekday -> list of "HH:MM-HH:MM" ranges in `timezone`; see buttons/schedule.py.
    schedule: Mapped[dict] = mapped_column(JSON)
    holidays: Mapped[list] = mapped_column(JSON)
    closed_message: Mapped[str | None] = mapped_column(String(300))
    fallback: Mapped[str | None] = mapped_column(String(300))
    token_limits: Mapped[dict] = mapped_column(JSON)
    # The workspace that owns the button (db/accounts.py); 1 is the default workspace.
    workspace_id: Mapped[int] = mapped_column(Integer, default=1, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The visitor's call: pre-call check, callback offer, consent notice, rating after the call.
    precheck: Mapped[bool] = mapped_column(Boolean)
    callback: Mapped[bool] = mapped_column(Boolean)
    consent_text: Mapped[str | None] = mapped_column(String(1000))
    rating: Mapped[bool] = mapped_column(Boolean)
    # Call audio only through the TURN relay (CALLGATE_TURN_URLS; calltokens/turn.py).
    relay_only: Mapped[bool] = mapped_column(Boolean)


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
    # Where the call came from, copied from its context when placed (routes/pages.py): the
    # page's path and campaign, for the call log's filters and the overview's tables.
    page_path: Mapped[str | None] = mapped_column(String(200))
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))
    utm_term: Mapped[str | None] = mapped_column(String(100))
    utm_content: Mapped[str | None] = mapped_column(String(100))
    # The call id of the first leg when this call is its attempt's overflow leg
    # (routes/overflow.py): it rings another route and spends no budget unit of its own.
    overflow_of: Mapped[str | None] = mapped_column(String(200))


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
    # Indexed for the retention sweep, which deletes by it.
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class CallSlot(Base):
    """One of a button's concurrent-call slots, held by a call until FINISH or expiry."""

    __tablename__ = "call_slots"

    button_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(200), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DailyUsage(Base):
    """Calls a button placed on one day of its time zone, and the talk seconds of those that
    finished: the atomic guard of its daily budget, and what the budget check reads."""

    __tablename__ = "daily_usage"

    button_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer)
    # NULL in rows from before migration 0030, or once the button's time zone changed: then
    # the budget is counted from the call rows (guardrails/budget.py).
    seconds: Mapped[float | None] = mapped_column(Float)
    # The time zone the day was counted in.
    timezone: Mapped[str | None] = mapped_column(String(64))


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
    # The origin a refused page claimed (widget/claimed_origins.py); never on a counted row.
    origin: Mapped[str | None] = mapped_column(String(300))
    # Who made a change: "user:<e-mail>", "cli", "apikey:<name>"; NULL for a visitor or WCS.
    actor: Mapped[str | None] = mapped_column(String(200), index=True)
    # What changed: {"changes": {field: [old, new] or "changed" for a secret}, ...}.
    details: Mapped[dict | None] = mapped_column(JSON)
    # The core error's code for a refusal (errors.py), so no reader matches English text.
    code: Mapped[str | None] = mapped_column(String(64))


# What the console's lists and figures read at scale (migration 0022): the call log and its
# keyset pages, a month of calls from one covering index, refusals and the audit trail by time,
# button and action, sessions' ends, and the buttons list by (created_at, id).
Index("ix_calls_created_at_call_id", Call.created_at, Call.call_id)
Index("ix_calls_button_id_created_at", Call.button_id, Call.created_at)
Index("ix_calls_page_path_created_at", Call.page_path, Call.created_at)
Index("ix_calls_utm_campaign_created_at", Call.utm_campaign, Call.created_at)
Index(
    "ix_calls_figures",
    *(Call.created_at, Call.button_id, Call.session_id),
    *(Call.established_at, Call.finished_at, Call.talk_seconds),
)
Index("ix_audit_events_at_id", AuditEvent.at, AuditEvent.id)
# The overview's refusals per day, code and button from the index alone (migration 0027, which
# puts it in the place of ix_audit_events_outcome_at, its first two columns).
Index(
    "ix_audit_events_refusals",
    *(AuditEvent.outcome, AuditEvent.at, AuditEvent.action, AuditEvent.button_id, AuditEvent.code),
)
Index("ix_audit_events_button_id_at", AuditEvent.button_id, AuditEvent.at)
Index("ix_audit_events_action", AuditEvent.action)
Index("ix_wcs_sessions_closed", WcsSession.session_id, WcsSession.closed_at)
Index("ix_buttons_created_at_id", Button.created_at, Button.id)
# The buttons of a scope, for the overview's semi-join (migration 0027).
Index("ix_buttons_workspace_id_id", Button.workspace_id, Button.id)
# The buttons with holidays (calls/figures_sql.py `with_holidays`; migration 0027).
_HOLIDAYS = text("length(CAST(holidays AS TEXT)) > 2")
Index(
    "ix_buttons_holidays",
    *(Button.workspace_id, Button.id),
    postgresql_where=_HOLIDAYS,
    sqlite_where=_HOLIDAYS,
)

# The calls the budget check reads one by one (migration 0030): a button's unfinished calls
# of today; finished ones are summed in its `daily_usage` row.
UNFINISHED = Call.finished_at.is_(None)
Index(
    "ix_calls_unfinished",
    *(Call.button_id, Call.created_at),
    sqlite_where=UNFINISHED,
    postgresql_where=UNFINISHED,
)
# The overflow legs by their first leg (migration 0034), for the call page; only legs are in
# it, so placing an ordinary call writes nothing to it.
LEGS = Call.overflow_of.is_not(None)
Index("ix_calls_overflow_of", Call.overflow_of, sqlite_where=LEGS, postgresql_where=LEGS)
