"""Each hook method's body shape: a body has effect only under the method whose shape it has.

WCS signs the body, not the method or the time, so a captured signed body can be posted to
another hook URL. The checks here make each method's body recognisable: a `/call` is PENDING
and carries the offer SDP; a status event carries its status; a session event names no call;
a hangup names a call in progress, and carries the SDP only as the whole call object, with
the call's status in progress. What this cannot tell apart (a status event of a live call
replayed as its hangup has a hangup's shape) is settled by the call log, by the body's
digest: see calls/events.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from callgate.errors import InvalidInput

STATUS = re.compile(r"[A-Z][A-Z_]{0,31}")
#: Statuses in which a call may be hung up: after WCS took it, before it ended.
IN_PROGRESS = frozenset({"TRYING", "RING", "RING_MEDIA", "SESSION_PROGRESS", "ESTABLISHED", "HOLD"})


def _status(body: dict) -> str:
    status = body.get("status")
    if status is None or status == "":
        raise InvalidInput("missing status", reason="status_missing")
    if not isinstance(status, str) or not STATUS.fullmatch(status):
        raise InvalidInput("bad status", reason="bad_status")
    return status


def _call_id(body: dict) -> None:
    call_id = body.get("callId")
    if not isinstance(call_id, str) or not call_id or len(call_id) > 200:
        raise InvalidInput("missing callId", reason="call_id_missing")


def _no(body: dict, *fields: str, method: str) -> None:
    if any(body.get(field) not in (None, "") for field in fields):
        raise InvalidInput(f"not a {method} body", reason="wrong_body", params={"method": method})


def _connect(body: dict) -> None:
    _no(body, "callId", "sdp", method="connect")


def _call(body: dict) -> None:
    if body.get("status") not in (None, "PENDING") or body.get("incoming") is True:
        raise InvalidInput("not a call body", reason="wrong_body", params={"method": "call"})


def _session_event(body: dict) -> None:
    _status(body)
    _no(body, "callId", "sdp", method="session event")


def _call_event(body: dict) -> None:
    _call_id(body)
    if _status(body) == "PENDING":
        raise InvalidInput(
            "not a status event body", reason="wrong_body", params={"method": "status event"}
        )


def _hangup(body: dict) -> None:
    _call_id(body)
    status = body.get("status")
    if status not in (None, "") and status not in IN_PROGRESS:
        raise InvalidInput("not a hangup body", reason="wrong_body", params={"method": "hangup"})
    # WCS may post the whole call object, offer SDP included: then it carries the call's
    # status, in progress, which a `/call` body (PENDING, or none) never does.
    if body.get("sdp") not in (None, "") and status not in IN_PROGRESS:
        raise InvalidInput("not a hangup body", reason="wrong_body", params={"method": "hangup"})


SHAPES: dict[str, Callable[[dict], None]] = {
    "connect": _connect,
    "call": _call,
    "ConnectionStatusEvent": _session_event,
    "RegistrationStatusEvent": _session_event,
    "CallStatusEvent": _call_event,
    "hangup": _hangup,
}


def check_shape(method: str, body: dict) -> None:
    """Raise InvalidInput if `body` does not have the shape of a `method` body."""
    shape = SHAPES.get(method)
    if shape is not None:
        shape(body)
