"""The `connection` frame: ask `/connect`, then `getUserData` (and `registered`), or refuse."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from dev.gateway.restconfig import client_excluded, without

if TYPE_CHECKING:
    from dev.gateway.protocol import Session

log = logging.getLogger(__name__)
CONTEXT = ("nodeId", "appKey", "sessionId")


async def on_connection(session: Session, fields: dict) -> None:
    """Ask `/connect`; on 200 send `getUserData` (and `registered`), else `fail` and close."""
    if session.state != "new":
        return
    session.state = "connecting"
    settings = session.gateway.settings
    body = without(fields, {*CONTEXT, "origin"}) | {
        "nodeId": settings.node_id,
        "appKey": fields.get("appKey") or settings.app_key_default,
        "sessionId": session.id,
    }
    if session.origin is not None:
        body["origin"] = session.origin
    result = await session.hook("connect", body)
    assert result is not None, "restClientConfig comes from /connect, so it cannot disable it"
    context = {key: body[key] for key in CONTEXT}
    if not result.ok:
        await _refuse(session, context, result.info())
        return
    answer = result.body
    assert isinstance(answer, dict), "an ok result has a JSON object body"
    config = answer.get("restClientConfig")
    session.rest_config = config if isinstance(config, dict) else {}
    # Everything but the context may be redefined by the backend.
    session.connection = without(answer, {"restClientConfig"}) | context
    session.state = "connected"
    await _established(session)


async def _established(session: Session) -> None:
    connection = session.connection
    hidden = client_excluded(session.rest_config, "connect", "ConnectionStatusEvent")
    token = secrets.token_hex(16)
    view = without(connection, hidden) | {"sessionId": session.id, "authToken": token}
    await session.send("getUserData", view)
    await session.hook("ConnectionStatusEvent", connection | {"status": "ESTABLISHED"})
    if connection.get("sipRegisterRequired") is not True:
        return
    if session.gateway.hooks.faults.registration_failure:
        await _not_registered(session)
        return
    hidden = client_excluded(session.rest_config, "RegistrationStatusEvent")
    await session.send("registered", without(view, hidden) | {"status": "REGISTERED"})
    await session.hook("RegistrationStatusEvent", connection | {"status": "REGISTERED"})


async def _not_registered(session: Session) -> None:
    """The SIP account fails to register (a fault): a `fail` frame, AUTHENTICATION_FAIL.

    How WCS 5 tells the browser is unconfirmed; this is the older API's reading (a `fail`
    for RegistrationStatusEvent), which SDK 2.0 reports as a session WARN.
    """
    info = "SIP 401 UNAUTHORIZED"
    log.warning("session %s: SIP registration failed (fault)", session.id)
    fail = {"status": "FAILED", "info": info, "apiMethod": "RegistrationStatusEvent"}
    await session.send("fail", fail)
    event = session.connection | {"status": "AUTHENTICATION_FAIL", "info": info}
    await session.hook("RegistrationStatusEvent", event)


async def _refuse(session: Session, context: dict, info: str) -> None:
    log.warning("session %s: connect refused: %s", session.id, info)
    session.state = "refused"
    session.connection = context
    fail = {"status": "FAILED", "info": info, "apiMethod": "ConnectionStatusEvent"}
    await session.send("fail", fail)
    await session.hook("ConnectionStatusEvent", context | {"status": "FAILED", "info": info})
    await session.ws.close()
