"""Callback requests: a visitor's phone number and note, when the button could not take a call.

The number is held to the installation's rules for callees (`CALLGATE_CALLEE_COUNTRIES`, and
no premium-rate or other special numbers), since someone will dial it. Requests are listed to
operators (the CLI, the console), never shown to another page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.buttons.callee import refused_kind
from callgate.db.models import Button
from callgate.db.visitors import CallbackRequest
from callgate.errors import InvalidInput, Refused
from callgate.webhooks import events as webhook_events

NOTE_LIMIT = 500
_TYPED = re.compile(r"\+?[0-9 ().\-/]{3,40}")
# Line breaks (LF) only: no other control character, no lone surrogate (no database takes one).
_NOTE = re.compile(r"[^\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]*")
#: Limits per client address, /24 or /64, button and installation, in the token limits' notation.
LIMITS = {
    "RATE_LIMITS_IP": "3/hour;10/day",
    "RATE_LIMITS_PREFIX": "15/hour;50/day",
    "RATE_LIMITS_BUTTON": "100/day",
    "RATE_LIMITS_GLOBAL": "30/minute;1000/day",
}


class PhoneError(InvalidInput):
    """The number is not one we would call back: malformed, special, or in another country."""

    code = "invalid_phone"


class CallbacksOff(Refused):
    """The button's owner offers no callback requests."""

    code = "callbacks_off"


def check_phone(value: object, countries: Sequence[str]) -> str:
    """Return the number in E.164; national numbers are read in the first allowed country.

    Raise PhoneError saying why (for the audit trail; the visitor reads a plain request).
    """
    if not isinstance(value, str) or not _TYPED.fullmatch(value.strip()):
        raise PhoneError("not a phone number", reason="not_a_phone")
    region = countries[0] if countries else None
    try:
        number = phonenumbers.parse(value.strip(), region)
    except NumberParseException:
        raise PhoneError("not a phone number", reason="not_a_phone") from None
    if number.extension or not phonenumbers.is_valid_number(number):
        raise PhoneError("not a valid phone number", reason="not_a_phone")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    kind = refused_kind(number)
    if kind:
        raise PhoneError(
            f"{e164[:4]}… is a {kind} number",
            reason="special_number",
            params={"prefix": f"{e164[:4]}…", "kind": kind},
        )
    if countries and phonenumbers.region_code_for_number(number) not in countries:
        raise PhoneError(
            f"{e164[:4]}… is outside CALLGATE_CALLEE_COUNTRIES",
            reason="outside_countries",
            params={"prefix": f"{e164[:4]}…"},
        )
    return e164


def check_note(value: object) -> str | None:
    """Return the visitor's note (None if empty): plain text of at most NOTE_LIMIT characters."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > NOTE_LIMIT or not _NOTE.fullmatch(value):
        raise InvalidInput(
            f"the note must be plain text of at most {NOTE_LIMIT} characters",
            reason="note_too_long",
            params={"n": NOTE_LIMIT},
        )
    return value.strip() or None


def request_callback(
    db: Session, button: Button, body: object, countries: Sequence[str], **seen: str | None
) -> CallbackRequest:
    """Store a callback request from a request body `{phone, note}`; return it.

    `seen` holds origin, visitor_ip and language. Raise CallbacksOff, PhoneError, InvalidInput.
    """
    if not button.callback:
        raise CallbacksOff("this button offers no callback", button_id=button.id)
    if not isinstance(body, dict) or not set(body) <= {"phone", "note"}:
        raise InvalidInput(
            "a callback request holds phone and note only",
            button_id=button.id,
            reason="callback_fields",
        )
    try:
        phone, note = check_phone(body.get("phone"), countries), check_note(body.get("note"))
    except InvalidInput as exc:
        exc.button_id = button.id
        raise
    request = CallbackRequest(button_id=button.id, phone=phone, note=note, **seen)
    db.add(request)
    db.flush()
    webhook_events.emit(db, button.id, "callback.requested", describe(request))
    db.commit()
    return request


def list_callbacks(
    db: Session, button_id: str | None = None, limit: int = 100, since: datetime | None = None
) -> list[dict[str, Any]]:
    """Return callback requests, newest first, for operators (the CLI, the console)."""
    query = select(CallbackRequest)
    if button_id:
        query = query.where(CallbackRequest.button_id == button_id)
    if since:
        query = query.where(CallbackRequest.created_at >= since)
    order = (CallbackRequest.created_at.desc(), CallbackRequest.id.desc())
    return [describe(r) for r in db.scalars(query.order_by(*order).limit(limit))]


def describe(request: CallbackRequest) -> dict[str, Any]:
    """Return one callback request as plain data."""
    return {
        "id": request.id,
        "buttonId": request.button_id,
        "phone": request.phone,
        "note": request.note,
        "origin": request.origin,
        "visitorIp": request.visitor_ip,
        "language": request.language,
        "status": request.status,
        "createdAt": request.created_at.isoformat(),
    }
