"""Console tables: workspaces, users and their memberships, one-time links (invitations, resets).

Every button belongs to one workspace (`buttons.workspace_id`); the default workspace, made by
the migration, holds the buttons that existed before workspaces did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from callgate.db.models import Base, UTCDateTime, utcnow

DEFAULT_WORKSPACE_ID = 1
DEFAULT_WORKSPACE_NAME = "Default"
#: The metadata of every table, the buttons' and the console's (what migrations compare to).
METADATA = Base.metadata


class Workspace(Base):
    """A group of buttons and the people who may see or manage them."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    """A person who logs in to the console; admins see and manage the whole installation."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised on logout, disable and password reset: every cookie with an older one is void.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    totp_secret: Mapped[str | None] = mapped_column(Text)  # Fernet token, like SIP passwords
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # a code is used only once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Membership(Base):
    """A user's role in one workspace: `editor` (manage buttons) or `viewer` (read only)."""

    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16))


class Invitation(Base):
    """A one-time, expiring link: to join as a new user, or to set a new password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # SHA-256 of the secret in the link; the link itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "invite" or "reset"
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the link stops working before its time: superseded, revoked, password changed,
    # its author disabled or no longer an admin (void_reason says which).
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str | None] = mapped_column(String(32))
