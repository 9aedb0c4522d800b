"""Call actions the page can ask for (`sendDtmf`, `transfer`, `hold`, `unhold`), hook first."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from dev.gateway.calls import emit
from dev.gateway.restconfig import without

if TYPE_CHECKING:
    from dev.gateway.protocol import Handler, Session

log = logging.getLogger(__name__)
METHODS = ("sendDtmf", "transfer", "hold", "unhold")


async def invoke(session: Session, fields: dict, *, method: str) -> None:
    """POST the action's hook; under a FAIL refusal send `fail` and do nothing, else act."""
    call_id = fields.get("callId")
    call = session.calls.get(call_id) if isinstance(call_id, str) else None
    if call is None or call.ended:
        log.info("%s for an unknown or ended call ignored", method)
        return
    extra = without(fields, {"nodeId", "appKey", "sessionId", "callId"})
    refusal, changes = await session.ask(method, without(call.obj, {"sdp"}) | extra)
    if refusal is not None:
        log.warning("%s refused by the backend: %s", method, refusal)
        info = {"status": "FAILED", "info": refusal, "apiMethod": "CallStatusEvent"}
        await session.send("fail", info)
        return
    extra |= changes
    action = f"{method} {extra.get('target') or extra.get('dtmf') or ''}".strip()
    call.stats.actions.append(action)
    log.warning("call %s: %s", call.obj["callId"], action)
    if method == "hold":
        await emit(session, call, "HOLD")
    elif method == "unhold":
        await emit(session, call, "ESTABLISHED")


def handlers() -> dict[str, Handler]:
    """Return the frame handlers for every action."""
    return {method: partial(invoke, method=method) for method in METHODS}
