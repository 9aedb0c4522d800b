"""Where one person's data is, found by a phone number, a call id or a verified customer id.

Each finder returns a Footprint (retention/wipe.py) and reads in a fixed handful of statements
whatever the number of rows: IN lists and joins, never a query per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from callgate.calls.timeline import TOKEN_WINDOW
from callgate.db.models import AuditEvent, Call, WcsSession
from callgate.db.routes import CallContext
from callgate.db.visitors import CallbackRequest
from callgate.errors import NotFound
from callgate.retention.wipe import Footprint, chunks


def by_phone(db: Session, e164: str) -> Footprint:
    """Return the callback requests of `e164`, their audit rows, and the texts to blank."""
    ids = list(db.scalars(select(CallbackRequest.id).where(CallbackRequest.phone == e164)))
    footprint = Footprint(callbacks=ids, mentions=[e164, e164[1:]])
    if ids:
        about = [AuditEvent.reason.like(f"callback request {i} from %") for i in ids]
        rows = select(AuditEvent.id).where(AuditEvent.action == "callback", or_(*about))
        footprint.audit_rows = list(db.scalars(rows))
    return footprint


def by_call(db: Session, call_id: str) -> Footprint:
    """Return the call's session, the call and the token it consumed; NotFound if no call."""
    call = db.get(Call, call_id)
    if call is None:
        raise NotFound(f"no call {call_id!r}")
    session = db.get(WcsSession, call.session_id)
    return Footprint(
        sessions=[call.session_id],
        calls=[call_id],
        contexts=[session.jti] if session is not None else [],
        audit_rows=tokens(db, [session] if session is not None else []),
    )


def by_customer(db: Session, customer: str) -> Footprint:
    """Return every context of `customer` (used or not), their sessions, calls and tokens."""
    jtis = list(db.scalars(select(CallContext.jti).where(CallContext.customer == customer)))
    sessions: list[WcsSession] = []
    for part in chunks(jtis):
        sessions += db.scalars(select(WcsSession).where(WcsSession.jti.in_(part)))
    ids = [s.session_id for s in sessions]
    calls: list[str] = []
    for part in chunks(ids):
        calls += db.scalars(select(Call.call_id).where(Call.session_id.in_(part)))
    return Footprint(sessions=ids, calls=calls, contexts=jtis, audit_rows=tokens(db, sessions))


def tokens(db: Session, sessions: Sequence[WcsSession]) -> list[int]:
    """Return the token audit row each session consumed, found as the call's timeline finds it:
    the newest token of its button to its address within TOKEN_WINDOW before it opened."""
    known = [s for s in sessions if s.visitor_ip]
    if not known:
        return []
    since = min(s.opened_at for s in known) - TOKEN_WINDOW
    candidates: list[tuple[int, str | None, str | None, datetime]] = []
    for part in chunks(sorted({s.visitor_ip for s in known if s.visitor_ip})):
        query = select(AuditEvent.id, AuditEvent.client_ip, AuditEvent.button_id, AuditEvent.at)
        query = query.where(
            AuditEvent.action == "token", AuditEvent.client_ip.in_(part), AuditEvent.at >= since
        )
        candidates += [(i, ip, b, at) for i, ip, b, at in db.execute(query)]
    found = [_newest(s, candidates) for s in known]
    return sorted({i for i in found if i is not None})


def _newest(
    session: WcsSession, candidates: list[tuple[int, str | None, str | None, datetime]]
) -> int | None:
    """Return the id of the newest candidate token of `session`, or None."""
    fits = [
        (at, row_id)
        for row_id, ip, button_id, at in candidates
        if ip == session.visitor_ip
        and button_id == session.button_id
        and session.opened_at - TOKEN_WINDOW <= at <= session.opened_at
    ]
    return max(fits)[1] if fits else None
