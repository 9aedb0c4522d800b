"""A call attempt's context: the visitor's name and page, normalized, stored under its token.

The page sends untrusted text; what is stored is already safe for a SIP header or display
name: printable characters only, without quotes, backslashes, semicolons or angle brackets,
whitespace (and every line or paragraph separator) folded to one space, and length-capped.
The page path is percent-encoded to URL-safe ASCII without `;`, `,` or quotes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy.orm import Session

from callgate.db.models import Button, WcsSession
from callgate.db.routes import ButtonRoute, CallContext
from callgate.routes.errors import ContextError
from callgate.routes.identity import Identity, verify
from callgate.routes.store import context_settings
from callgate.vault.stored import vault_of

NAME_MOST = 40
PAGE_MOST = 300
#: Kept out of any text that reaches SIP: quoting, escaping, parameter and URI delimiters.
UNSAFE = frozenset('"<>\\;')
#: Characters a stored page keeps as they are; everything else is percent-encoded.
PAGE_SAFE = "/-._~!$&'()*+=:@"


def clean_text(value: object, most: int) -> str:
    """Return `value` as one line of printable text without SIP delimiters, at most `most` long."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value[: most * 8])
    kept = "".join(ch if ch.isprintable() and ch not in UNSAFE else " " for ch in text)
    return " ".join(kept.split())[:most].strip()


def clean_page(value: object) -> str | None:
    """Return the page's path and query, URL-safe and capped; None for none; raise on a bad one."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        raise ContextError("page must be the path of the page, like /pricing", code="bad_page")
    try:
        parts = urlsplit(value[:4000])
    except ValueError:
        raise ContextError("page is not a path", code="bad_page") from None
    page = quote(unquote(parts.path), safe=PAGE_SAFE)
    if parts.query:
        page += "?" + quote(unquote(parts.query), safe=PAGE_SAFE + "?")
    return _cut_escape(page[:PAGE_MOST])


def _cut_escape(text: str) -> str:
    """Drop a percent-escape the cap cut in half."""
    tail = text[-2:]
    return text[: -len(tail) + tail.index("%")] if "%" in tail else text


def path_of(page: str | None, most: int = 200) -> str | None:
    """Return the path part of a stored page, capped at `most` characters."""
    return _cut_escape(page.split("?", 1)[0][:most]) if page else None


def store(
    db: Session,
    button: Button,
    jti: str,
    route: ButtonRoute | None,
    asked: Mapping[str, object],
    now: datetime,
) -> CallContext | None:
    """Add the attempt's context (route, name, page) to the transaction; raise ContextError.

    The name is kept only if the button asks for it; a required name must not be empty.
    Nothing is stored for an attempt without any context on a button without the settings:
    its call is placed exactly as before routes and context existed.
    """
    settings = context_settings(db, button.id)
    ask = settings.ask_name
    name = clean_text(asked.get("name"), NAME_MOST) if ask != "off" else ""
    if ask == "required" and not name:
        raise ContextError("please give your name", code="name_required", button_id=button.id)
    page = clean_page(asked.get("page"))
    who = _identity(db, button, asked.get("identity"), now)
    name = name or clean_text(who.name, NAME_MOST)
    if not (route or name or page or who.sub or who.problem) and (ask, settings.recording) == (
        "off",
        "off",
    ):
        return None
    context = CallContext(
        jti=jti,
        button_id=button.id,
        route_id=route.id if route else None,
        route_label=route.label if route else None,
        name=name or None,
        page=page,
        customer=who.sub,
        identity_problem=who.problem,
        created_at=now,
    )
    db.add(context)
    return context


def _identity(db: Session, button: Button, raw: object, now: datetime) -> Identity:
    """Verify the identity the page sent, if any (its problem is kept, never a guess)."""
    if raw in (None, ""):
        return Identity()
    return verify(db, vault_of(db), button.id, raw, now.timestamp())


def context_of(db: Session, session: WcsSession | None) -> CallContext | None:
    """Return the context of the attempt that opened `session`, if it stored one."""
    return db.get(CallContext, session.jti) if session is not None else None
