"""Outgoing calls: the `/call` hook, TRYING → RING → answer → ESTABLISHED, then hangup."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dev.gateway import invite as sip_invite
from dev.gateway.media import MediaSession
from dev.gateway.restconfig import client_excluded, without
from dev.gateway.stats import CallStats

if TYPE_CHECKING:
    from dev.gateway.protocol import Session

log = logging.getLogger(__name__)

CALL_FIELDS: tuple[str, ...] = ("callId", "incoming", "caller", "callee", "visibleName")
CALL_FIELDS += ("hasAudio", "hasVideo", "mediaProvider", "sdp", "custom")
MESSAGES = {"TRYING": "notifyTryingResponse", "RING": "ring", "ESTABLISHED": "talk"}
MESSAGES |= {"HOLD": "hold", "FINISH": "finish", "FAILED": "finish", "BUSY": "finish"}
# WCS 5's frame for a 183 is unconfirmed (API 1.0 had `sessionProgress`, which SDK 2.0
# ignores); SDK 2.0 takes a call's status from any of its call frames, so `ring` carries it.
MESSAGES["SESSION_PROGRESS"] = "ring"
SIP_STATUS = {"TRYING": 100, "RING": 180, "SESSION_PROGRESS": 183, "ESTABLISHED": 200}
SIP_STATUS["BUSY"] = 486


@dataclass
class Call:
    """One call as WCS keeps it: the Call object, its media and its setup task."""

    obj: dict
    stats: CallStats
    media: MediaSession | None = None
    task: asyncio.Task | None = None
    ended: bool = False


async def place(session: Session, fields: dict) -> None:
    """Start the call in a `call` frame; its setup runs while the socket keeps reading."""
    call_id = fields.get("callId")
    if not isinstance(call_id, str) or not call_id or call_id in session.calls:
        log.info("call frame without a new callId ignored")
        return
    context = {key: session.connection[key] for key in ("nodeId", "appKey", "sessionId")}
    obj = context | {key: fields.get(key) for key in CALL_FIELDS} | {"status": "PENDING"}
    call = Call(obj, session.gateway.stats.call(call_id))
    call.stats.callee = obj["callee"]
    session.calls[call_id] = call
    call.task = asyncio.create_task(_run(session, call))
    call.task.add_done_callback(_report)


def _report(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("call setup crashed", exc_info=task.exception())


async def _run(session: Session, call: Call) -> None:
    refusal, changes = await session.ask("call", call.obj)
    if refusal is not None:
        await _refused(session, call, refusal)
        return
    call.obj |= changes
    call.stats.callee = call.obj["callee"]
    connection = session.connection
    invite = f"INVITE sip:{call.obj['callee']}@{connection.get('sipDomain')}"
    call.stats.invite = f"{invite} as {connection.get('sipLogin')}"
    call.stats.message, call.stats.refused_headers = sip_invite.render(call.obj, connection)
    log.warning("%s", call.stats.invite)
    log.warning("sent: %s", call.stats.message.replace("\r\n", " | "))
    outcome = session.gateway.hooks.faults.outcome_of(call.obj["callee"])
    if outcome == "silent":
        log.warning("call %s: no answer at all (fault)", call.obj["callId"])
        return
    await emit(session, call, "TRYING")
    call.media = MediaSession(lambda: session.gateway.hooks.faults)
    try:
        answer = await call.media.answer(call.obj.get("sdp") or "")
    except Exception as exc:  # aiortc raises many types on a malformed offer
        log.warning("call %s: cannot answer the offer: %s", call.obj["callId"], exc)
        await finish(session, call, "FAILED", "Bad SDP")
        return
    call.stats.meter = call.media.echo
    await _far_side(session, call, answer, outcome)


async def _far_side(session: Session, call: Call, answer: str, outcome: str) -> None:
    """Ring, then answer; or ring, then busy; or ring on; or a 183 with early media, then
    answer."""
    delay, call_id = session.gateway.settings.answer_delay, call.obj["callId"]
    await asyncio.sleep(delay)
    await emit(session, call, "SESSION_PROGRESS" if outcome == "progress" else "RING")
    if outcome not in ("busy", "unanswered"):
        await session.send("setRemoteSDP", call_id, answer, False)
    await asyncio.sleep(delay)
    if outcome == "busy":
        await finish(session, call, "BUSY", "SIP 486 BUSY HERE")
    elif outcome == "unanswered":
        log.warning("call %s: ringing, never answered (fault)", call.obj["callId"])
    else:
        await emit(session, call, "ESTABLISHED")


async def _refused(session: Session, call: Call, refusal: str) -> None:
    """End a call the backend refused: a FAILED status, or (a fault) a `fail` frame.

    Under the older API's reading, WCS reports the refusal as `fail` for CallStatusEvent;
    SDK 2.0 then only fires a session WARN, and the call stays PENDING in the browser.
    """
    if not session.gateway.hooks.faults.call_refusal_as_fail:
        await finish(session, call, "FAILED", refusal)
        return
    call.ended = True
    call.obj |= {"status": "FAILED", "info": refusal}
    call.stats.status = "FAILED"
    fail = {"status": "FAILED", "info": refusal, "apiMethod": "CallStatusEvent"}
    await session.send("fail", fail | {"id": call.obj["callId"]})
    await session.hook("CallStatusEvent", without(call.obj, {"sdp"}))


async def emit(session: Session, call: Call, status: str, info: str | None = None) -> None:
    """Send the status frame (minus clientExclude) and POST `CallStatusEvent`."""
    call.obj |= {"status": status, "sipStatus": SIP_STATUS.get(status)}
    if info is not None:
        call.obj["info"] = info
    call.stats.status = status
    hidden = {"sdp"} | client_excluded(session.rest_config, "call", "CallStatusEvent")
    await session.send(MESSAGES[status], without(call.obj, hidden))
    await session.hook("CallStatusEvent", without(call.obj, {"sdp"}))


async def finish(session: Session, call: Call, status: str, info: str | None = None) -> None:
    """End the call once: report `status` to client and backend, then close its media."""
    if call.ended:
        return
    call.ended = True
    await emit(session, call, status, info)
    if call.media:
        await call.media.close()


async def end(session: Session, call: Call) -> None:
    """Stop the call's setup if it is still running, then FINISH it."""
    if call.ended:
        return
    if call.task and not call.task.done():
        call.task.cancel()
        await asyncio.wait([call.task])
    await finish(session, call, "FINISH")


async def hangup(session: Session, fields: dict) -> None:
    """Handle a `hangup` frame: POST `/hangup`, then FINISH whatever the backend says."""
    call_id = fields.get("callId")
    call = session.calls.get(call_id) if isinstance(call_id, str) else None
    if call is None or call.ended:
        log.info("hangup for an unknown or ended call ignored")
        return
    call.stats.ended_by = "hangup"
    await session.hook("hangup", without(call.obj, {"sdp"}))
    await end(session, call)
