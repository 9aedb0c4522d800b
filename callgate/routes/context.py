"""A call attempt's context: the visitor's name and page, normalized, stored under its token.

The page sends untrusted text; what is stored is already safe for a SIP header or display
name: printable characters only, without quotes, backslashes, semicolons or angle brackets,
whitespace (and every line or paragraph separator) folded to one space, and length-capped.
The page path is percent-encoded to URL-safe ASCII without `;`, `,` or quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from callgate.db.models import Button, WcsSession
from callgate.db.routes import ButtonRoute, CallContext
from callgate.routes.errors import ContextError
from callgate.routes.identity import Identity, verify
from callgate.routes.pages import clean_page
from callgate.routes.safe_text import clean_text
from callgate.routes.store import context_settings
from callgate.vault.stored import vault_of

NAME_MOST = 40


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
