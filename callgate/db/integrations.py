"""Integration tables: API keys (hashes only), the POSTs they made once, webhooks and outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callgate.db.models import Base, UTCDateTime, utcnow


class ApiKey(Base):
    """A bearer key of one workspace with its scopes; the key itself is shown once, never kept."""

    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_api_keys_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 (hex) of the whole key; the first characters are kept to tell keys apart.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list] = mapped_column(JSON)
    # Who made it: "cli" or "user:<e-mail>"; a user's key never outlives their rights.
    created_by: Mapped[str] = mapped_column(String(200))
    creator_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdempotentAnswer(Base):
    """The answer a key's POST with an `Idempotency-Key` got, replayed for the same key again."""

    __tablename__ = "api_idempotency"

    key_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    # SHA-256 of method, path and body: the same key with another request is refused.
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class WebhookEndpoint(Base):
    """Where a workspace's events are sent, signed with the endpoint's own secret (sealed)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a message gave up (24 hours without a 2xx), cleared by the next one delivered.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Off: events carry a visitor's phone number masked (outbound/phones.py).
    include_phone_numbers: Mapped[bool] = mapped_column(Boolean, default=False)


class WebhookMessage(Base):
    """One event for one endpoint, written with the event, sent until delivered or failing."""

    __tablename__ = "webhook_outbox"
    # One endpoint's log, newest first by (created_at, id); it also serves the foreign key.
    __table_args__ = (Index("ix_webhook_outbox_log", "endpoint_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    endpoint_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    event_type: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    # pending (sent at next_at), delivered, or failing (no 2xx within 24 hours).
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The last try: the status the endpoint answered (None: no answer), how long it took, when.
    last_status: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int | None] = mapped_column(Integer)
    tried_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When someone asked for the message again (its 24 hours of retries count from then).
    resent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: The one metadata of every table (what migrations are compared against).
METADATA = Base.metadata
