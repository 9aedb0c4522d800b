"""Tables of what a call explains about itself: a button's routes, its context settings, and
the context each call attempt carries (route, visitor's name, page), keyed by its token.

A route is one destination of a button (a department): its labels, its callee, optional own
hours, ring time and overflow route. A call context is stored by the token request, before the
token leaves, under the token's jti; `/connect` binds that jti to the WCS session, so `/call`
and the console find it through the session (`wcs_sessions.jti`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from callgate.db.models import Base, UTCDateTime, utcnow

#: What `button_context.ask_name` may be: no name field, an optional one, a required one.
ASK_NAME = ("off", "optional", "required")
#: What `button_context.recording` may be: never say, or say whether the visitor consented.
RECORDING = ("off", "if-consented")


class ButtonRoute(Base):
    """One of a button's destinations, which the visitor may pick; ordered by `position`."""

    __tablename__ = "button_routes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(60))
    label_ru: Mapped[str | None] = mapped_column(String(60))
    callee: Mapped[str] = mapped_column(String(300))
    # Weekday -> "HH:MM-HH:MM" ranges in the button's time zone; NULL: the button's hours.
    schedule: Mapped[dict | None] = mapped_column(JSON)
    ring_seconds: Mapped[int | None] = mapped_column(Integer)
    overflow_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ButtonContext(Base):
    """A button's caller-context settings: the pre-call name field and the recording flag."""

    __tablename__ = "button_context"

    button_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ask_name: Mapped[str] = mapped_column(String(16), default="off")
    recording: Mapped[str] = mapped_column(String(16), default="off")


class CallContext(Base):
    """What one call attempt carries: its route, the visitor's name and page, normalized.

    Stored by the token request under the token's jti; the route is also signed into the token.
    """

    __tablename__ = "call_contexts"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    route_id: Mapped[str | None] = mapped_column(String(32))
    route_label: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str | None] = mapped_column(String(40))
    page: Mapped[str | None] = mapped_column(String(300))
    # The customer the site's server vouched for (`sub`), when its identity verified; else
    # why the identity the page sent did not (expired, bad_signature…), for the console.
    customer: Mapped[str | None] = mapped_column(String(64), index=True)
    identity_problem: Mapped[str | None] = mapped_column(String(32))
    # The jti of the attempt this one is the overflow leg of: each attempt overflows once.
    overflow_of: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


Index("ux_call_contexts_overflow_of", CallContext.overflow_of, unique=True)


class IdentitySecret(Base):
    """A button's key for verified customers, encrypted like SIP passwords; the two newest are
    valid, so the site's servers can move to a rotated one without refused identities."""

    __tablename__ = "button_identity_secrets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    button_id: Mapped[str] = mapped_column(String(32), index=True)
    secret: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
