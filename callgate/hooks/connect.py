"""The `/connect` decision: a fresh token, an enabled button, the right origin, used once."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from callgate.addresses import masked
from callgate.buttons.origins import OriginError, OriginNotAllowed, is_allowed, parse_origin
from callgate.buttons.store import get_button
from callgate.calltokens.binding import claim_matches
from callgate.calltokens.tokens import CallToken, TokenError, load_token
from callgate.db.fit import cut
from callgate.db.models import Button, WcsSession, utcnow
from callgate.db.session_keys import retire
from callgate.db.statements import insert_new
from callgate.errors import CallgateError, NotFound, Refused
from callgate.guardrails import gate
from callgate.hooks.answers import connect_answer
from callgate.hooks.rest_config import SIP_FIELDS
from callgate.hooks.session_ids import session_address
from callgate.routes.calls import check_token_route
from callgate.vault.fernet import DecryptError
from callgate.vault.stored import broken_message, vault_of

log = logging.getLogger(__name__)
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True)
class ConnectPolicy:
    """What `/connect` checks against: token keys and age, and how much of the IP to keep."""

    keys: list[str]
    max_age: int
    skew: int
    ip_prefix_v4: int = 24
    ip_prefix_v6: int = 48
    binding: str = "off"


def connect(db: Session, body: dict, policy: ConnectPolicy) -> tuple[dict, str]:
    """Return the `/connect` answer for `body` and its button's id, or raise Refused.

    The token is consumed in the session's transaction; the caller commits it.
    """
    _check_sip_fields(body)
    custom = body.get("custom")
    raw_token = custom.get("token") if isinstance(custom, dict) else None
    token = load_token(raw_token, policy.keys, max_age=policy.max_age, skew=policy.skew)
    try:
        button = get_button(db, token.button_id, enabled_only=True)
        gate.before_connect(db, button, utcnow())
        _check_origin(body.get("origin"), token, button)
        _check_address(body["sessionId"], token, policy)
        _bind_session(db, body, token, policy)
        check_token_route(db, token.jti, token.route)
        return connect_answer(body, button, vault_of(db)), button.id
    except NotFound:
        raise Refused(
            "button unavailable", button_id=token.button_id, reason="button_unavailable"
        ) from None
    except DecryptError:
        log.error("refused /connect: %s", broken_message([token.button_id]))
        raise Refused(
            "button unavailable", button_id=token.button_id, reason="button_unavailable"
        ) from None
    except CallgateError as exc:
        exc.button_id = token.button_id
        raise


def _check_sip_fields(body: dict) -> None:
    """Refuse a `sip*` field the answer would not set: WCS might use the page's value."""
    unknown = sorted(key for key in body if key[:3].lower() == "sip" and key not in SIP_FIELDS)
    if unknown:
        if NAME.fullmatch(unknown[0]):
            name = unknown[0]
            raise Refused(f"{name} not allowed", reason="field_not_allowed", params={"field": name})
        raise Refused("SIP field not allowed", reason="sip_field_not_allowed")


def _check_origin(value: object, token: CallToken, button: Button) -> None:
    try:
        origin = parse_origin(value if isinstance(value, str) else None)
    except OriginError:
        raise OriginNotAllowed("origin not allowed") from None
    if str(origin) != token.origin or not is_allowed(origin, button.origins):
        raise OriginNotAllowed("origin not allowed")


def _check_address(session_id: str, token: CallToken, policy: ConnectPolicy) -> None:
    """With binding on, the sessionId's client address must be the one the token was issued to."""
    if policy.binding == "off":
        return
    if not claim_matches(token.binding, policy.keys, policy.binding, session_address(session_id)):
        raise TokenError("token bound to another address", code="token_bound")


def _bind_session(db: Session, body: dict, token: CallToken, policy: ConnectPolicy) -> None:
    """Consume the token's jti for this sessionId; a WCS retry of the same session passes."""
    if _insert_session(db, body, token, policy):
        return
    existing = db.get(WcsSession, body["sessionId"])
    if existing is not None and existing.closed_at is not None and existing.jti != token.jti:
        # A closed session's id is back with another token: WCS reuses ids (see session_keys).
        retire(db, existing)
        if _insert_session(db, body, token, policy):
            return
        existing = None
    if existing is None or existing.jti != token.jti or existing.closed_at is not None:
        raise TokenError("token already used", code="token_used")


def _insert_session(db: Session, body: dict, token: CallToken, policy: ConnectPolicy) -> bool:
    """Store the session `body` names, bound to the token; False if its id or the jti is taken."""
    session_id = body["sessionId"]
    ip = masked(session_address(session_id), policy.ip_prefix_v4, policy.ip_prefix_v6)
    return insert_new(
        db,
        WcsSession,
        session_id=session_id,
        jti=token.jti,
        button_id=token.button_id,
        origin=token.origin,
        visitor_ip=ip,
        # Only recorded (the watchdog names it), so a very long one is cut, not refused.
        node_id=cut(WcsSession.node_id, body.get("nodeId")),
        opened_at=utcnow(),
    )
