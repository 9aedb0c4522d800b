"""WCS's management REST API, the one method Callgate uses: `POST /rest-api/call/terminate`.

Like WCS, it needs no login unless a REST user is configured (WCS: `disable_rest_auth=false`);
then it wants HTTP Basic credentials. Terminating ends the call as a remote hangup does.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from dev.gateway import calls

if TYPE_CHECKING:
    from dev.gateway.server import Gateway

log = logging.getLogger(__name__)
CHALLENGE = {"WWW-Authenticate": 'Basic realm="WCS REST API"'}


def authorized(header: str | None, user: str | None, password: str | None) -> bool:
    """Tell whether `header` carries the Basic credentials; anyone passes when no user is set."""
    if not user:
        return True
    scheme, _, encoded = (header or "").partition(" ")
    try:
        given = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = f"{user}:{password or ''}".encode()
    return scheme.lower() == "basic" and hmac.compare_digest(given, expected)


async def terminate(gateway: Gateway, header: str | None, raw: bytes) -> web.Response:
    """End the call `{"callId"}` names: `finish` FINISH to the page, CallStatusEvent FINISH."""
    settings = gateway.settings
    if not authorized(header, settings.rest_user, settings.rest_password):
        return web.json_response({"error": "unauthorized"}, status=401, headers=CHALLENGE)
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    call_id = body.get("callId") if isinstance(body, dict) else None
    if not isinstance(call_id, str) or not call_id:
        return web.json_response({"error": "callId is required"}, status=400)
    for session in list(gateway.sessions.values()):
        call = session.calls.get(call_id)
        if call is not None and not call.ended:
            log.warning("REST API: call %s terminated", call_id)
            call.stats.ended_by = "rest-api terminate"
            await calls.end(session, call)
            return web.Response(status=200)
    return web.json_response({"error": "call not found"}, status=404)
