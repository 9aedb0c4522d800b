"""The hooks' audit rows: each decision under its method, with the visitor and the sender."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from flask import current_app, g, request

from callgate.addresses import masked, parse_ip
from callgate.audit.tally import Refusal, write_counted
from callgate.audit.trail import SAY, add, record, record_repeated
from callgate.db import get_db
from callgate.db.models import WcsSession
from callgate.hooks.rest_config import DIRECT_INVOCATIONS, EVENTS
from callgate.hooks.session_ids import session_address
from callgate.webhooks import events as webhook_events

AUDITED = ("connect", "call")
#: The methods WCS can call; any other name in a hook URL is audited as one, "hook:unknown".
KNOWN = frozenset({*AUDITED, *DIRECT_INVOCATIONS, *EVENTS, "hangup"})


def audit_refusal(
    method: str | None,
    reason: str,
    button_id: str | None,
    code: str | None = None,
    *,
    promptly: bool = False,
    said: dict,
) -> None:
    """Audit a refused hook under its method (`hook:<method>` for the unaudited ones).

    The row keeps the error's `code`, which the console's categories read, and the reason's
    machine-readable `said` (CallgateError.said) in its details.
    """
    body, details = g.get("hook_body"), {SAY: said}
    audit(
        action_of(method), "refused", reason, body, button_id, promptly, code=code, details=details
    )


def queue_refused(
    method: str, reason: str, button_id: str | None, code: str, budget: bool = False
) -> None:
    """Queue `call.refused` (with the refusal's code) for a refused connect or call of a known
    button, and commit it.

    With `budget` (the daily budget is used up) also `budget.exhausted`, once a day.
    """
    ids, db = _ids(g.get("hook_body") or {}), get_db()
    if button_id is None and ids["session_id"]:
        session = db.get(WcsSession, ids["session_id"])
        button_id = session.button_id if session else None
    if button_id is None:
        return
    data = {"callId": ids["call_id"], "sessionId": ids["session_id"], "stage": method}
    webhook_events.emit(db, button_id, "call.refused", data | {"reason": reason, "code": code})
    if budget:
        webhook_events.emit_daily(db, button_id, "budget.exhausted", {})
    db.commit()


def count_refusal(method: str | None, reason: str, code: str | None, said: dict) -> None:
    """Count an unsigned, forged or out-of-range hook in its sender's row for this minute,
    with its reason's code and values (`said`)."""
    details = {SAY: said}
    record_repeated(get_db(), action_of(method), reason, _sender(), details=details, code=code)


def count_refusals(rows: list[tuple[Refusal, int, datetime]]) -> None:
    """Write refusals counted by the front gate (audit/tally.py); needs an app context."""
    write_counted(get_db(), rows)


def action_of(method: str | None) -> str:
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


class HookIds(TypedDict):
    """The ids an audit row of a hook takes from its body."""

    session_id: str | None
    call_id: str | None
    client_ip: str | None


def _ids(body: dict) -> HookIds:
    """Return the session, call and visitor (cut to its prefix) a hook body names."""
    config = current_app.config
    session_id = body.get("sessionId") if isinstance(body.get("sessionId"), str) else None
    call_id = body.get("callId") if isinstance(body.get("callId"), str) else None
    ip = masked(
        session_address(session_id), config["VISITOR_IP_PREFIX_V4"], config["VISITOR_IP_PREFIX_V6"]
    )
    return HookIds(session_id=session_id, call_id=call_id, client_ip=ip)


def audit(
    action: str,
    outcome: str,
    reason: str | None,
    body: dict | None,
    button_id: str | None,
    promptly: bool = False,
    *,
    code: str | None = None,
    details: dict | None = None,
) -> None:
    """Record a hook decision with the session's visitor (cut to its prefix) and the sender."""
    ids, db = _ids(body or {}), get_db()
    if button_id is None and ids["session_id"]:
        session = db.get(WcsSession, ids["session_id"])
        button_id = session.button_id if session else None
    sender = _sender()
    record(
        db,
        action,
        outcome,
        reason,
        **ids,
        button_id=button_id,
        source=sender,
        promptly=promptly,
        code=code,
        details=details,
    )
