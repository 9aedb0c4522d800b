"""Outgoing calls: the `/call` hook, TRYING → RING → answer → ESTABLISHED, then hangup."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dev.gateway.media import MediaSession
from dev.gateway.restconfig import client_excluded, without
from dev.gateway.stats import CallStats

if TYPE_CHECKING:
    from dev.gateway.protocol import Session

log = logging.getLogger(__name__)

CALL_FIELDS: tuple[str, ...] = ("callId", "incoming", "caller", "callee", "visibleName")
CALL_FIELDS += ("hasAudio", "hasVideo", "mediaProvider", "sdp", "custom")
MESSAGES = {"TRYING": "notifyTryingResponse", "RING": "ring", "ESTABLISHED": "talk"}
MESSAGES |= {"HOLD": "hold", "FINISH": "finish", "FAILED": "finish"}
SIP_STATUS = {"TRYING": 100, "RING": 180, "ESTABLISHED": 200}


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
        await finish(session, call, "FAILED", refusal)
        return
    call.obj |= changes
    call.stats.callee = call.obj["callee"]
    connection = session.connection
    invite = f"INVITE sip:{call.obj['callee']}@{connection.get('sipDomain')}"
    call.stats.invite = f"{invite} as {connection.get('sipLogin')}"
    log.warning("%s", call.stats.invite)
    await emit(session, call, "TRYING")
    call.media = MediaSession(lambda: session.gateway.hooks.faults)
    try:
        answer = await call.media.answer(call.obj.get("sdp") or "")
    except Exception as exc:  # aiortc raises many types on a malformed offer
        log.warning("call %s: cannot answer the offer: %s", call.obj["callId"], exc)
        await finish(session, call, "FAILED", "Bad SDP")
        return
    call.stats.meter = call.media.echo
    await asyncio.sleep(session.gateway.settings.answer_delay)
    await emit(session, call, "RING")
    await session.send("setRemoteSDP", call.obj["callId"], answer, False)
    await asyncio.sleep(session.gateway.settings.answer_delay)
    await emit(session, call, "ESTABLISHED")


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
