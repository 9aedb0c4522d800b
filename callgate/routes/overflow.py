"""A busy or unanswered route's second chance: the overflow leg of one call attempt.

The token of an attempt whose route has an overflow route comes with an overflow key
(calltokens/overflow_keys.py). When the callee is busy or does not answer in the route's ring
time, the widget sends the key back and gets one more token, for the overflow route: its call
is a second leg of the same attempt, so it spends no second unit of the daily budget. The
first leg must be this button's, placed and not answered, and overflowed at most once (the
unique `call_contexts.overflow_of` holds that against concurrent requests).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.db.models import Button, Call, WcsSession
from callgate.db.routes import ButtonRoute, CallContext
from callgate.db.statements import insert_new
from callgate.routes.choose import is_open
from callgate.routes.errors import OverflowRefused


def overflow_route(db: Session, route: ButtonRoute | None) -> ButtonRoute | None:
    """Return the route `route` overflows to, if it has one that still exists."""
    if route is None or not route.overflow_id:
        return None
    target = db.get(ButtonRoute, route.overflow_id)
    return target if target is not None and target.button_id == route.button_id else None


def take(db: Session, button: Button, jti: str, now: datetime) -> tuple[ButtonRoute, CallContext]:
    """Return the overflow route and the first leg's context of the attempt `jti` of `button`.

    Raises OverflowRefused `no_overflow` (no such attempt of this button, an overflow leg
    itself, or a route without an open overflow), `overflow_not_placed` (its call never
    rang), `overflow_answered`, `overflow_used` or `overflow_closed`.
    """
    first = db.get(CallContext, jti)
    if first is None or first.button_id != button.id or first.overflow_of is not None:
        raise _refused(button, "no overflow for this attempt", "no_overflow")
    route = db.get(ButtonRoute, first.route_id) if first.route_id else None
    target = overflow_route(db, route)
    if target is None:
        raise _refused(button, "no overflow for this route", "no_overflow")
    answered = db.scalars(
        select(Call.established_at)
        .join(WcsSession, WcsSession.session_id == Call.session_id)
        .where(WcsSession.jti == jti)
    ).all()
    if not answered:
        raise _refused(button, "its call was not placed", "overflow_not_placed")
    if answered[0] is not None:
        raise _refused(button, "its call was answered", "overflow_answered")
    if db.scalar(select(CallContext.jti).where(CallContext.overflow_of == jti)) is not None:
        raise _refused(button, "it has overflowed already", "overflow_used")
    if not is_open(button, target, now):
        raise _refused(button, "the overflow route is closed", "overflow_closed")
    return target, first


def _refused(button: Button, message: str, code: str) -> OverflowRefused:
    return OverflowRefused(message, code=code, button_id=button.id)


def store_leg(db: Session, first: CallContext, jti: str, route: ButtonRoute, now: datetime) -> None:
    """Store the overflow leg's context under its token's `jti`: the first leg's name, page and
    customer, the overflow route; raise OverflowRefused `overflow_used` if another request
    stored one first."""
    stored = insert_new(
        db,
        CallContext,
        jti=jti,
        button_id=first.button_id,
        route_id=route.id,
        route_label=route.label,
        name=first.name,
        page=first.page,
        customer=first.customer,
        identity_problem=first.identity_problem,
        overflow_of=first.jti,
        created_at=now,
    )
    if not stored:
        raise OverflowRefused(
            "it has overflowed already", code="overflow_used", button_id=first.button_id
        )


def legs_of(db: Session, call: Call) -> tuple[Call | None, Call | None]:
    """Return (the first leg `call` is the overflow of, the overflow leg of `call`), or Nones."""
    before = db.get(Call, call.overflow_of) if call.overflow_of else None
    after = db.scalar(select(Call).where(Call.overflow_of == call.call_id).limit(1))
    return before, after


def first_leg(db: Session, context: CallContext | None) -> str | None:
    """Return the call id of the first leg of an overflow leg's attempt; None for any other."""
    if context is None or context.overflow_of is None:
        return None
    return _call_of(db, context.overflow_of)


def _call_of(db: Session, jti: str) -> str | None:
    """Return the call id placed by the attempt `jti`, if it placed one."""
    return db.scalar(
        select(Call.call_id)
        .join(WcsSession, WcsSession.session_id == Call.session_id)
        .where(WcsSession.jti == jti)
    )
