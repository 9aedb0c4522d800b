"""The WCS REST hook blueprint: `POST /hooks/wcs/<method>`, signed, default deny."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import NoReturn

from flask import Blueprint, current_app, g, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from callgate.addresses import in_networks, parse_ip, parse_networks
from callgate.calls.events import record_event
from callgate.db import get_db
from callgate.errors import Refused
from callgate.hooks import auditing
from callgate.hooks.body import parse_body, read_body
from callgate.hooks.call import place_call
from callgate.hooks.connect import ConnectPolicy, connect
from callgate.hooks.dtmf import send_dtmf
from callgate.hooks.session_ids import for_logs
from callgate.hooks.shapes import check_shape
from callgate.hooks.verify import verify_signature

bp = Blueprint("hooks", __name__, url_prefix="/hooks/wcs")
log = logging.getLogger(__name__)
EVENTS = ("ConnectionStatusEvent", "RegistrationStatusEvent", "CallStatusEvent", "hangup")


def _connect(body: dict) -> tuple[dict, str | None]:
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


def _event(method: str) -> Callable[[dict], tuple[dict, str | None]]:
    def handle(body: dict) -> tuple[dict, str | None]:
        record_event(get_db(), method, body, g.hook_digest)
        return body, None

    return handle


#: Each handler returns its answer and, for an audited method, the button it decided for.
HANDLERS: dict[str, Callable[[dict], tuple[dict, str | None]]] = {
    "connect": _connect,
    "call": lambda body: place_call(get_db(), body),
    # WCS's match table spells it sendDtmf, its method list sendDTMF.
    "sendDtmf": lambda body: (send_dtmf(get_db(), body, "sendDtmf"), None),
    "sendDTMF": lambda body: (send_dtmf(get_db(), body, "sendDTMF"), None),
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
        raise Refused(
            f"method {method[:64]} not allowed",
            reason="method_not_allowed",
            params={"method": method[:64]},
        )
    check_shape(method, body)
    answer, button_id = handler(body)
    if method in auditing.AUDITED:
        auditing.audit_allowed(method, body, button_id)
    # One commit: the decision, its side effects and its audit row stand or fall together.
    get_db().commit()
    config = current_app.config
    session = for_logs(
        body["sessionId"], config["VISITOR_IP_PREFIX_V4"], config["VISITOR_IP_PREFIX_V6"]
    )
    log.info("hook %s ok session=%s", method, session)
    return answer, 200


@bp.route("/", defaults={"rest": ""}, methods=["GET", "POST"])
@bp.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> NoReturn:
    """Answer any other path under the hook prefix with a 404 in the hook shape."""
    raise NotFound()
