"""The WCS REST hook blueprint: `POST /hooks/wcs/<method>`, signed, default deny."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import NoReturn

from flask import Blueprint, current_app, g, request
from werkzeug.exceptions import MethodNotAllowed, NotFound, RequestEntityTooLarge

from addresses import in_networks, masked, parse_ip, parse_networks
from audit.trail import record, record_repeated
from calls.events import record_event
from db import get_db
from db.models import WcsSession
from errors import Refused
from hooks.body import parse_body
from hooks.call import place_call
from hooks.connect import ConnectPolicy, connect
from hooks.dtmf import send_dtmf
from hooks.session_ids import client_ip
from hooks.shapes import check_shape
from hooks.verify import verify_signature

bp = Blueprint("hooks", __name__, url_prefix="/hooks/wcs")
log = logging.getLogger(__name__)
AUDITED = ("connect", "call")
EVENTS = ("ConnectionStatusEvent", "RegistrationStatusEvent", "CallStatusEvent", "hangup")


def _connect(body: dict) -> dict:
    config = current_app.config
    policy = ConnectPolicy(
        keys=config["TOKEN_KEYS"],
        max_age=config["TOKEN_MAX_AGE"],
        skew=config["TOKEN_CLOCK_SKEW"],
        ip_prefix_v4=config["VISITOR_IP_PREFIX_V4"],
        ip_prefix_v6=config["VISITOR_IP_PREFIX_V6"],
        binding=config["TOKEN_BINDING"],
    )
    return connect(get_db(), body, policy)


def _event(method: str) -> Callable[[dict], dict]:
    def handle(body: dict) -> dict:
        record_event(get_db(), method, body, g.hook_digest)
        return body

    return handle


HANDLERS: dict[str, Callable[[dict], dict]] = {
    "connect": _connect,
    "call": lambda body: place_call(get_db(), body),
    # WCS's match table spells it sendDtmf, its method list sendDTMF.
    "sendDtmf": lambda body: send_dtmf(get_db(), body, "sendDtmf"),
    "sendDTMF": lambda body: send_dtmf(get_db(), body, "sendDTMF"),
    **{method: _event(method) for method in EVENTS},
}


class SourceNotAllowed(Refused):
    """The hook request comes from outside CALLGATE_HOOK_ALLOWED_CIDRS."""

    code = "source_not_allowed"


@bp.before_request
def check_source() -> None:
    """Refuse hooks from outside CALLGATE_HOOK_ALLOWED_CIDRS before reading anything else."""
    allowed = current_app.config["HOOK_ALLOWED_CIDRS"]
    if allowed and not in_networks(parse_ip(request.remote_addr), parse_networks(allowed)):
        raise SourceNotAllowed("source not allowed")


@bp.route("/<method>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def hook(method: str) -> tuple[dict, int]:
    """Verify the WCS signature over the raw body, then run the method's handler or deny."""
    if request.method != "POST":
        raise MethodNotAllowed(valid_methods=["POST"])
    raw = read_body()
    verify_signature(
        raw, request.headers.get("Authorization"), current_app.config["WCS_HOOK_SECRETS"]
    )
    body = g.hook_body = parse_body(raw)
    g.hook_digest = hashlib.sha256(raw).hexdigest()[:32]
    handler = HANDLERS.get(method)
    if handler is None:
        raise Refused(f"method {method[:64]} not allowed")
    check_shape(method, body)
    answer = handler(body)
    log.info("hook %s ok session=%s", method, body["sessionId"])
    if method in AUDITED:
        _audit(method, "allowed", None, body, None)
    return answer, 200


def read_body() -> bytes:
    """Return the raw body; RequestEntityTooLarge if it is over the limit, chunked or not.

    Werkzeug refuses an over-long Content-Length, but cuts a chunked body (one the server
    terminates) at the limit without a word, which would then fail as a bad signature.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None or "wsgi.input_terminated" not in request.environ:
        return request.get_data(cache=False)
    stream, chunks, size = request.environ["wsgi.input"], [], 0
    while size <= limit and (chunk := stream.read(limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestEntityTooLarge()
    return b"".join(chunks)


@bp.route("/", defaults={"rest": ""}, methods=["GET", "POST"])
@bp.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> NoReturn:
    """Answer any other path under the hook prefix with a 404 in the hook shape."""
    raise NotFound()


def audit_refusal(
    method: str | None, reason: str, button_id: str | None, *, promptly: bool = False
) -> None:
    """Audit a refused hook under its method (`hook:<method>` for the unaudited ones)."""
    _audit(_action(method), "refused", reason, g.get("hook_body"), button_id, promptly)


def count_refusal(method: str | None, reason: str) -> None:
    """Count an unsigned, forged or out-of-range hook in its sender's row for this minute."""
    record_repeated(get_db(), _action(method), reason, _sender())


def _action(method: str | None) -> str:
    return method if method in AUDITED else f"hook:{method}"


def _sender() -> str | None:
    """Return the address the hook request came from (after CALLGATE_TRUSTED_PROXIES)."""
    address = parse_ip(request.remote_addr)
    return str(address) if address else request.remote_addr


def _audit(
    action: str,
    outcome: str,
    reason: str | None,
    body: dict | None,
    button_id: str | None,
    promptly: bool = False,
) -> None:
    body, db, config = body or {}, get_db(), current_app.config
    session_id = body.get("sessionId") if isinstance(body.get("sessionId"), str) else None
    call_id = body.get("callId") if isinstance(body.get("callId"), str) else None
    session = db.get(WcsSession, session_id) if session_id else None
    ip = masked(
        client_ip(session_id), config["VISITOR_IP_PREFIX_V4"], config["VISITOR_IP_PREFIX_V6"]
    )
    record(
        db,
        action,
        outcome,
        reason,
        session_id=session_id,
        call_id=call_id,
        client_ip=ip,
        source=_sender(),
        button_id=button_id or (session.button_id if session else None),
        promptly=promptly,
    )
