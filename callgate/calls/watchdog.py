"""The max-duration watchdog: find calls past their button's limit and end them through WCS.

A call's time is counted from when `/call` accepted it. The watchdog is the soft limit; the
hard one belongs on the PBX or SBC, which hangs up even if Callgate or WCS's API is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.audit.trail import record, said
from callgate.calls.lease import Lease
from callgate.calls.talk import finish_call, locked_call
from callgate.calls.wcs_api import WcsApi, WcsApiError
from callgate.db.models import Button, Call, WcsSession, utcnow
from callgate.guardrails import slots
from callgate.webhooks import events as webhook_events

log = logging.getLogger(__name__)
ENDED_BY = "watchdog: max duration"
DEFAULT_MAX_DURATION = 900


@dataclass(frozen=True)
class OpenCall:
    """A call that has not finished, with its start and its button's limit in seconds."""

    call_id: str
    button_id: str
    started_at: datetime
    max_duration: int


@dataclass(frozen=True)
class Outcome:
    """What the watchdog did with one call: "ended", "gone" (WCS did not know it) or "failed"."""

    call: OpenCall
    result: str
    detail: str


def overlong(calls: Iterable[OpenCall], now: datetime) -> list[OpenCall]:
    """Return the calls that have run for their button's max duration or longer at `now`."""
    return [c for c in calls if now - c.started_at >= timedelta(seconds=c.max_duration)]


def open_calls(db: Session) -> list[OpenCall]:
    """Return the calls with no terminal status whose WCS session is still open."""
    query = (
        select(Call.call_id, Call.button_id, Call.created_at, Button.max_duration)
        .join(WcsSession, WcsSession.session_id == Call.session_id)
        .outerjoin(Button, Button.id == Call.button_id)
        .where(Call.finished_at.is_(None), WcsSession.closed_at.is_(None))
    )
    return [
        OpenCall(call_id, button_id, started, limit or DEFAULT_MAX_DURATION)
        for call_id, button_id, started, limit in db.execute(query)
    ]


def run_once(db: Session, api: WcsApi, now: datetime, lease: Lease | None = None) -> list[Outcome]:
    """End every call over its limit at `now`; a WCS API failure is logged and retried later.

    With `lease`, each call is ended only while this process still holds it (checked in the
    database at the current time): one whose lease ran out during the round stops acting.
    """
    outcomes = []
    for call in overlong(open_calls(db), now):
        if lease is not None and not lease.holds(db, utcnow()):
            log.warning("watchdog: lease lost during the round; leaving the rest to its holder")
            break
        outcomes.append(end_call(db, api, call, now))
    return outcomes


def end_call(db: Session, api: WcsApi, call: OpenCall, now: datetime) -> Outcome:
    """Terminate `call` on WCS, then mark it ended by the watchdog and free its slot."""
    try:
        known = api.terminate(call.call_id)
    except WcsApiError as exc:
        log.error("watchdog: call %s is over its limit; not ended: %s", call.call_id, exc.message)
        webhook_events.emit_daily(db, call.button_id, "gateway.unreachable", {"error": exc.message})
        db.commit()
        return Outcome(call, "failed", exc.message)
    # Locked: a FINISH recorded meanwhile is seen, not overwritten (nor its talk counted twice).
    row = locked_call(db, call.call_id)
    assert row is not None, "calls are never deleted"
    if row.finished_at is not None and not known:
        db.commit()  # nothing written: ends the lock
        return Outcome(call, "gone", "the call had ended meanwhile")
    row.ended_by = ENDED_BY
    # WCS will report FINISH too; recording it now stops the clock if that event is lost.
    if row.finished_at is None:
        finish_call(db, row, "FINISH", now)
        webhook_events.emit(db, row.button_id, "call.ended", webhook_events.call_data(row))
    slots.release(db, call.call_id)
    db.commit()
    reason = f"max duration {call.max_duration}s reached"
    if not known:
        reason += "; WCS no longer knew the call"
    details = said("max_duration" if known else "max_duration_gone", n=call.max_duration)
    button_id, call_id = call.button_id, call.call_id
    record(db, "watchdog", "done", reason, details=details, button_id=button_id, call_id=call_id)
    log.warning("watchdog: call %s of button %s ended: %s", call.call_id, call.button_id, reason)
    return Outcome(call, "ended" if known else "gone", reason)
