"""Verified customers: the site's server vouches for its logged-in user with a signed identity.

The identity is `base64url(JSON) + "." + base64url(HMAC-SHA256(secret, first part))`, both
unpadded, the JSON `{"sub", "name", "exp"}` with `exp` in Unix seconds at most 10 minutes ahead.
Each button has its own secret, stored encrypted like SIP passwords; rotating keeps the previous
one valid until the next rotation. A bad identity never makes a call verified: the call goes
ahead unverified and the console says why (`problem`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.audit.changes import SECRET, record_change
from callgate.audit.say import said
from callgate.buttons.store import get_button
from callgate.db.routes import IdentitySecret
from callgate.vault import fernet
from callgate.vault.stored import seal

MOST_AHEAD = 600
MAX_LENGTH = 2048
SUB = re.compile(r"[A-Za-z0-9._~+@:-]{1,64}")
B64 = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Identity:
    """What a verified identity says (`sub`, `name`), or why it is not verified (`problem`)."""

    sub: str | None = None
    name: str | None = None
    problem: str | None = None


def _secrets(db: Session, button_id: str) -> list[IdentitySecret]:
    query = select(IdentitySecret).where(IdentitySecret.button_id == button_id)
    return list(db.scalars(query.order_by(IdentitySecret.id.desc())))


def identity_secret(
    db: Session, vault: MultiFernet, button_id: str, rotate: bool = False, actor: str = "cli"
) -> str:
    """Return the button's newest identity secret, making one first if asked or if it has none.

    A rotation keeps the previous secret valid and drops any older one; a new secret is
    audited as made by `actor` (never its value).
    """
    get_button(db, button_id)
    stored = _secrets(db, button_id)
    if rotate or not stored:
        plain = secrets.token_urlsafe(32)
        db.add(IdentitySecret(button_id=button_id, secret=seal(db, plain)))
        for old in stored[1:]:
            db.delete(old)
        code = "identity_secret_rotated" if stored else "identity_secret_made"
        reason = "identity secret rotated" if stored else "identity secret made"
        changes = {"identity_secret": SECRET}
        say = said(code)
        record_change(db, "button.identity", actor, changes, reason, say, button_id=button_id)
        db.commit()
        return plain
    return fernet.decrypt(vault, stored[0].secret)


def made_at(db: Session, button_id: str) -> datetime | None:
    """Return when the button's newest identity secret was made (None: it has none yet)."""
    stored = _secrets(db, button_id)
    return stored[0].created_at if stored else None


def _unb64(text: str) -> bytes:
    if not B64.fullmatch(text):
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(db: Session, vault: MultiFernet, button_id: str, raw: object, now: float) -> Identity:
    """Return the verified identity in `raw`, or an Identity naming its problem."""
    if not isinstance(raw, str) or len(raw) > MAX_LENGTH or raw.count(".") != 1:
        return Identity(problem="malformed")
    body, tag = raw.split(".")
    keys = [fernet.decrypt(vault, s.secret) for s in _secrets(db, button_id)]
    try:
        given = _unb64(tag)
        claims = json.loads(_unb64(body))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        return Identity(problem="malformed")
    good = any(
        hmac.compare_digest(hmac.new(k.encode(), body.encode(), hashlib.sha256).digest(), given)
        for k in keys
    )
    if not keys or not good:
        return Identity(problem="bad_signature")
    return _claims(claims, now)


def _claims(claims: object, now: float) -> Identity:
    if not isinstance(claims, dict):
        return Identity(problem="malformed")
    sub, name, exp = claims.get("sub"), claims.get("name"), claims.get("exp")
    if type(exp) is not int:
        return Identity(problem="malformed")
    if exp <= now:
        return Identity(problem="expired")
    if exp > now + MOST_AHEAD:
        return Identity(problem="expiry_too_far")
    if not isinstance(sub, str) or not SUB.fullmatch(sub):
        return Identity(problem="bad_subject")
    return Identity(sub=sub, name=name if isinstance(name, str) else None)
