"""The widget face's shared request helpers: the button and page origin a request names, the
client's address, and the audit rows of its decisions (token and callback requests).
"""

from __future__ import annotations

from flask import Flask, current_app, request

from callgate.addresses import masked, parse_ip
from callgate.audit.tally import Refusal, Tally, write_counted
from callgate.audit.trail import SAY, record
from callgate.buttons.origins import OriginError, OriginNotAllowed, is_allowed, parse_origin
from callgate.buttons.store import get_button
from callgate.db import get_db
from callgate.db.models import Button, utcnow
from callgate.errors import NotFound
from callgate.telemetry import metrics
from callgate.widget.claimed_origins import claimed_origin

#: The token endpoint (widget/tokens.py), whose refusals are counted in the metrics.
TOKEN_ENDPOINT = "widget.tokens.token"


#: Where the app keeps its tally of token and callback requests refused over a limit.
TALLY = "callgate.widget_tally"


def init_app(app: Flask) -> None:
    """Count the refusals a flood repeats in memory, written every REFUSAL_FLUSH_SECONDS."""

    def write(rows: list) -> None:
        with app.app_context():
            write_counted(get_db(), rows)

    every = app.config["REFUSAL_FLUSH_SECONDS"]
    app.extensions[TALLY] = Tally(write, every, "callgate.widget", "api")


def enabled_button(button_id: str) -> Button | None:
    """Return the enabled button `button_id`, or None."""
    try:
        return get_button(get_db(), button_id, enabled_only=True)
    except NotFound:
        return None


def page_origin(button: Button | None) -> str | None:
    """Return the request's normalized Origin if `button` allows it, else None."""
    try:
        origin = parse_origin(request.headers.get("Origin"))
    except OriginError:
        return None
    return str(origin) if button and is_allowed(origin, button.origins) else None


def allowed_origin(button_id: str) -> tuple[Button, str]:
    """Return the enabled button and the page's allowed origin; raise NotFound or Refused."""
    button = get_button(get_db(), button_id, enabled_only=True)
    origin = page_origin(button)
    if origin is None:
        message, reason = origin_refusal()
        raise OriginNotAllowed(message, reason=reason)
    return button, origin


def origin_refusal() -> tuple[str, str]:
    """Say why the page's origin was refused (missing or malformed, or not on the allowlist),
    in English and as the reason's code."""
    try:
        parse_origin(request.headers.get("Origin"))
    except OriginError:
        return "this page's origin is missing or invalid", "origin_invalid"
    return "this site is not allowed to use this button", "origin_not_listed"


def client_address() -> str | None:
    """Return the requester's address, cut to its network prefix (a visitor's privacy)."""
    config = current_app.config
    return masked(
        parse_ip(request.remote_addr),
        config["VISITOR_IP_PREFIX_V4"],
        config["VISITOR_IP_PREFIX_V6"],
    )


def audit(
    button_id: str | None,
    outcome: str,
    reason: str,
    action: str = "token",
    *,
    promptly: bool = False,
    origin: str | None = None,
    code: str | None = None,
    details: dict | None = None,
) -> None:
    """Record a token (or callback) decision with the requester's address, cut to its prefix.

    A refusal's row keeps its error's `code`, which the console's categories read; `details`
    hold the reason's code and values (audit/trail.py `said`).
    """
    ip = client_address()
    record(
        get_db(),
        action,
        outcome,
        reason,
        promptly=promptly,
        button_id=button_id,
        client_ip=ip,
        source=ip,
        origin=origin,
        code=code,
        details=details,
    )


#: The audited endpoints and the action their rows are under.
AUDITED = {TOKEN_ENDPOINT: "token", "widget.visitors.callback": "callback"}


def audit_refusal(
    reason: str,
    code: str,
    said: dict,
    *,
    repeated: bool = False,
    promptly: bool = False,
    kept: str | None = None,
) -> None:
    """Audit a refused token or callback request and count token refusals by `code`.

    The row keeps `kept` (a finer code, when there is one) or `code`, and the reason's
    machine-readable `said` (CallgateError.said) in its details.

    The caller has rolled back the request's writes. A `repeated` refusal (over a limit) is
    counted in memory and written within CALLGATE_REFUSAL_FLUSH_SECONDS in the requester's row
    for its minute (audit/tally.py: a flood costs no write a request); a `promptly` one (an
    outage) is dropped rather than wait for a lock. A single refusal's row keeps the origin the
    page claimed.
    """
    action = AUDITED.get(request.endpoint or "")
    if action == "token":
        metrics.token_refused(code)
    if not action:
        return
    button_id = (request.view_args or {}).get("button_id")
    code, details = kept or code, {SAY: said}
    if repeated:
        ip = client_address()
        refusal = Refusal(action, reason, ip, code, said, button_id=button_id, client_ip=ip)
        current_app.extensions[TALLY].add(refusal, utcnow())
    else:
        origin = claimed_origin(request.headers.get("Origin"))
        audit(
            button_id,
            "refused",
            reason,
            action,
            promptly=promptly,
            origin=origin,
            code=code,
            details=details,
        )
