"""A call's times as WCS reports them (ESTABLISHED, the first terminal status), its talk time,
and that talk time's share of its day's budget counter (guardrails/day_counter.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from callgate.db.models import Call
from callgate.db.statements import begin_writing
from callgate.guardrails import day_counter
from callgate.webhooks import events as webhook_events

TERMINAL = {"FINISH", "FAILED", "BUSY"}


def locked_call(db: Session, call_id: str) -> Call | None:
    """Return the call `call_id`, read afresh and locked until the transaction ends, so that
    whatever changes its times (events, the watchdog) does so one after the other."""
    begin_writing(db)
    return db.get(Call, call_id, with_for_update=True, populate_existing=True)


def apply_call_status(db: Session, call: Call, status: str, at: datetime) -> None:
    """Set ESTABLISHED and terminal times; the first of each wins, whatever the order.

    Each first one queues its webhook event (call.answered, call.ended) in this transaction.
    """
    if status == "ESTABLISHED" and call.established_at is None:
        call.established_at = at
        webhook_events.emit(db, call.button_id, "call.answered", webhook_events.call_data(call))
    if status in TERMINAL and call.finished_at is None:
        finish_call(db, call, status, at)
        webhook_events.emit(db, call.button_id, "call.ended", webhook_events.call_data(call))
    _update_talk(db, call)


def finish_call(db: Session, call: Call, status: str, at: datetime) -> None:
    """Record the call's first terminal status and its time; later ones change nothing.

    A change of its talk time is added to its day's budget counter in the same transaction.
    """
    if call.finished_at is None:
        call.finished_at, call.final_status = at, status
    _update_talk(db, call)


def _update_talk(db: Session, call: Call) -> None:
    """Set a finished, answered call's talk time; count its change towards the day's budget."""
    if call.established_at and call.finished_at:
        before = call.talk_seconds or 0.0
        call.talk_seconds = max(0.0, (call.finished_at - call.established_at).total_seconds())
        day_counter.add_talk(db, call, call.talk_seconds - before)
