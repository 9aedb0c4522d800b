"""Consent to a button's notice, stored the moment the visitor accepts it: before the token.

The widget shows the button's notice; its "Accept and call" asks for a token carrying the text
it showed. The token endpoint stores that acceptance (the exact notice, the server's time, the
page's origin) under the token's jti before it issues the token, or refuses the token if the
text is not the button's notice now. `/connect` binds the jti to a session, so each call's
consent is found through its session, and was stored before the call could start.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.db.models import Button, WcsSession
from callgate.db.visitors import CallConsent, CallExtras
from callgate.errors import Refused


class ConsentRequired(Refused):
    """The button has a notice, and the request does not carry its acceptance (of that text)."""

    code = "consent_required"


def accept(
    db: Session, button: Button, jti: str, origin: str, shown: object, now: datetime
) -> None:
    """Add the visitor's acceptance of `button`'s notice for the token `jti` to the transaction.

    `shown` is the notice the page showed; it must be the button's notice now, else
    ConsentRequired is raised with that notice (`details["notice"]`). A button without a notice
    needs nothing, and nothing is stored.
    """
    notice = button.consent_text
    if not notice:
        return
    if shown != notice:
        raise ConsentRequired(
            "the visitor has not accepted the button's notice", button_id=button.id, notice=notice
        )
    db.add(CallConsent(jti=jti, button_id=button.id, origin=origin, text=notice, accepted_at=now))


def consent_of(
    db: Session, session: WcsSession | None, extras: CallExtras | None = None
) -> tuple[str, datetime] | None:
    """Return the notice accepted for a session's call and when, or None.

    Calls made before consents were stored with the token keep the one their report stored.
    """
    if session is not None:
        found = db.scalar(select(CallConsent).where(CallConsent.jti == session.jti))
        if found is not None:
            return found.text, found.accepted_at
    if extras is not None and extras.consent_at is not None and extras.consent_text:
        return extras.consent_text, extras.consent_at
    return None
