"""The hooks' audit rows: each decision under its method, with the visitor and the sender."""

from __future__ import annotations

from flask import current_app, g, request

from addresses import masked, parse_ip
from audit.trail import add, record, record_repeated
from db import get_db
from db.models import WcsSession
from hooks.rest_config import DIRECT_INVOCATIONS, EVENTS
from hooks.session_ids import client_ip

AUDITED = ("connect", "call")
#: The methods WCS can call; any other name in a hook URL is audited as one, "hook:unknown".
KNOWN = frozenset({*AUDITED, *DIRECT_INVOCATIONS, *EVENTS, "hangup"})


def audit_refusal(
    method: str | None, reason: str, button_id: str | None, *, promptly: bool = False
) -> None:
    """Audit a refused hook under its method (`hook:<method>` for the unaudited ones)."""
    audit(_action(method), "refused", reason, g.get("hook_body"), button_id, promptly)


def count_refusal(method: str | None, reason: str) -> None:
    """Count an unsigned, forged or out-of-range hook in its sender's row for this minute."""
    record_repeated(get_db(), _action(method), reason, _sender())


def _action(method: str | None) -> str:
    """Name the audit action; a made-up method must not get rows of its own (a flood would)."""
    if method in AUDITED:
        return method
    return f"hook:{method}" if method in KNOWN else "hook:unknown"


def _sender() -> str | None:
    """Return the address the hook request came from (after CALLGATE_TRUSTED_PROXIES)."""
    address = parse_ip(request.remote_addr)
    return str(address) if address else request.remote_addr


def audit_allowed(method: str, body: dict, button_id: str | None) -> None:
    """Add the allowed hook's audit row to the request's transaction (the view commits both)."""
    add(get_db(), method, "allowed", None, **_ids(body), button_id=button_id, source=_sender())


def _ids(body: dict) -> dict[str, str | None]:
    """Return the session, call and visitor (cut to its prefix) a hook body names."""
    config = current_app.config
    session_id = body.get("sessionId") if isinstance(body.get("sessionId"), str) else None
    call_id = body.get("callId") if isinstance(body.get("callId"), str) else None
    ip = masked(
        client_ip(session_id), config["VISITOR_IP_PREFIX_V4"], config["VISITOR_IP_PREFIX_V6"]
    )
    return {"session_id": session_id, "call_id": call_id, "client_ip": ip}


def audit(
    action: str,
    outcome: str,
    reason: str | None,
    body: dict | None,
    button_id: str | None,
    promptly: bool = False,
) -> None:
    """Record a hook decision with the session's visitor (cut to its prefix) and the sender."""
    ids, db = _ids(body or {}), get_db()
    if button_id is None and ids["session_id"]:
        session = db.get(WcsSession, ids["session_id"])
        button_id = session.button_id if session else None
    record(
        db, action, outcome, reason, **ids, button_id=button_id, source=_sender(), promptly=promptly
    )
