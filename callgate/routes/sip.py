"""What `/call` tells the PBX about the call: a display name and `X-Callgate-*` headers.

Every value is written by the server from what it stored: the call's id and the button's,
the route's label, the page's path, the recording flag. The page never writes a SIP field.
Headers take the shape the WebSDK documents for `sipHeaders`, a list of "Name: value" strings;
WCS applying them from a `/call` answer is unconfirmed, so the visitor's name also goes in the
display name (`visibleName`), which WCS documents as overwritable.
"""

from __future__ import annotations

import re

from callgate.db.models import Button
from callgate.db.routes import ButtonContext, CallContext
from callgate.routes.context import NAME_MOST
from callgate.routes.identity import SUB
from callgate.routes.pages import path_of
from callgate.routes.safe_text import clean_text

#: One header value: no control character, line or paragraph separator, quote or bracket.
SAFE_VALUE = re.compile(r"[^\x00-\x1f\x7f\u0085\u2028\u2029\"<>\\;]{1,300}")
TOKEN_UNSAFE = re.compile(r"[^A-Za-z0-9._~+:@-]")
ROUTE_MOST = 60


def display_name(context: CallContext | None) -> str:
    """Return the display name for the INVITE: the visitor's stored name, cleaned, or ""."""
    return clean_text(context.name if context else None, NAME_MOST)


def sip_headers(
    call_id: str,
    button: Button,
    context: CallContext | None,
    settings: ButtonContext,
    consented: bool,
) -> list[str]:
    """Return the `X-Callgate-*` headers as "Name: value" strings, each value SIP-safe."""
    values = {
        "X-Callgate-Call": TOKEN_UNSAFE.sub("", call_id)[:100],
        "X-Callgate-Button": TOKEN_UNSAFE.sub("", button.id),
        "X-Callgate-Route": clean_text(context.route_label if context else None, ROUTE_MOST),
        "X-Callgate-Page": path_of(context.page if context else None) or "",
    }
    if settings.recording == "if-consented":
        values["X-Callgate-Record"] = "yes" if consented else "no"
    headers = [f"{name}: {value}" for name, value in values.items() if SAFE_VALUE.fullmatch(value)]
    customer = context.customer if context else None
    if customer and SUB.fullmatch(customer):  # verified: routes/identity.py checked its signature
        headers.insert(-1 if "X-Callgate-Record" in values else len(headers), _customer(customer))
    return headers


def _customer(sub: str) -> str:
    return f"X-Callgate-Customer: {sub};verified"
