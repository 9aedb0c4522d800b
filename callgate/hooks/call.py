"""The `/call` decision: one call per open, connected session, always to the button's callee
(or the callee of the route its token carries)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callgate.buttons.store import get_button
from callgate.db.models import Button, Call, WcsSession, utcnow
from callgate.db.statements import insert_new
from callgate.errors import NotFound, Refused
from callgate.guardrails import day_counter, gate, slots
from callgate.hooks.answers import call_answer
from callgate.routes.calls import call_target, pbx_fields
from callgate.routes.overflow import first_leg
from callgate.routes.pages import source_of
from callgate.webhooks import events as webhook_events


def place_call(db: Session, body: dict) -> tuple[dict, str]:
    """Return the `/call` answer with the callee forced and the button's id, or raise Refused.

    The call, its budget and its slot are written in the session's transaction; the caller
    commits them.
    A WCS retry of a call already accepted gets the same answer without being counted again:
    its budget and slot were settled when it was first seen.
    """
    session = db.get(WcsSession, body["sessionId"])
    if session is None or session.closed_at is not None:
        raise Refused("no open session", reason="no_open_session")
    try:
        button = get_button(db, session.button_id, enabled_only=True)
    except NotFound:
        raise Refused("button unavailable", reason="button_unavailable") from None
    call_id = body.get("callId")
    if not isinstance(call_id, str) or not call_id or len(call_id) > 200:
        raise Refused("missing callId", reason="call_id_missing")
    callee, context = call_target(db, session, button)
    # An overflow leg names its attempt's first call; it spends no budget unit of its own.
    fields = source_of(context.page if context else None) | {"overflow_of": first_leg(db, context)}
    call = db.get(Call, call_id) or _new_call(db, session, button, (call_id, callee), fields)
    if call.session_id != session.session_id:
        raise Refused("one call per session", reason="one_call_per_session")
    pbx = pbx_fields(db, call.call_id, button, session, context)
    return call_answer(body, call.callee, button, pbx), button.id


def _new_call(
    db: Session, session: WcsSession, button: Button, placing: tuple[str, str], fields: dict
) -> Call:
    """Check the button's limits, then store the call `placing` (call id, callee) with its
    `fields` (its page and campaign, the first leg it overflows), spend its budget (not an
    overflow leg's: its first leg did) and claim its slot.

    The three writes are one transaction, which the caller commits: a refusal (budget used, no
    slot free) rolls back the call with them. A concurrent request that stored the same callId
    first wins, and its call is returned; one that stored another call of this session makes
    this one refused.
    """
    (call_id, callee), leg = placing, fields["overflow_of"] is not None
    now = utcnow()
    gate.before_call(db, button, now, leg=leg)
    ids = {"call_id": call_id, "session_id": session.session_id, "button_id": button.id}
    if not insert_new(db, Call, **ids, callee=callee, created_at=now, **fields):
        db.rollback()
        existing = db.get(Call, call_id)
        if existing is None or existing.session_id != session.session_id:
            raise Refused("one call per session", reason="one_call_per_session")
        return existing
    if not leg:
        day_counter.spend_call(db, button, now)
    slots.claim(db, button, call_id, now)
    made = Call(**ids, callee=callee, created_at=now, **fields)
    webhook_events.emit(db, button.id, "call.started", webhook_events.call_data(made))
    return made
