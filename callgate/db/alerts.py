"""Alert tables: where a workspace's alerts go (an e-mail address, a person's own address, a
Slack-compatible webhook, a Telegram chat) and the outbox of alerts waiting to be sent.

A channel's secret (the Slack-compatible URL, the Telegram bot token) is sealed like SIP
passwords; only a masked label is shown. An alert is sent by the watchdog's lease holder,
alone or gathered into one digest message per channel and kind (callgate/alerts/).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from callgate.db.models import Base, UTCDateTime, utcnow

#: What a channel may be.
CHANNEL_KINDS = ("email", "slack", "telegram")


class AlertChannel(Base):
    """One place a workspace's alerts go, with the kinds it wants and its digest interval."""

    __tablename__ = "alert_channels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    # A person's own e-mail channel: sent to their account's address as it is at send time.
    user_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    # An e-mail address, or a Telegram chat id; empty for a person's own or a Slack URL.
    target: Mapped[str] = mapped_column(String(254), default="")
    secret: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(300))
    alerts: Mapped[list] = mapped_column(JSON)
    digest_minutes: Mapped[int] = mapped_column(Integer, default=0)
    include_phone_numbers: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(2), default="en")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))


class AlertMessage(Base):
    """One alert for one channel, pending until sent (alone or in a digest) or given up."""

    __tablename__ = "alert_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("alert_channels.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))
    button_id: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# The sender's due alerts; a channel's alerts of one kind by time (its digest, its daily once);
# the retention sweep's by age.
Index("ix_alert_messages_status_next_at", AlertMessage.status, AlertMessage.next_at)
Index("ix_alert_messages_created_at", AlertMessage.created_at)
Index(
    "ix_alert_messages_channel_kind_created",
    AlertMessage.channel_id,
    AlertMessage.kind,
    AlertMessage.created_at,
)
