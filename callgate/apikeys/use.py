"""Using a key: find it by its text, refuse it if it is not good now, note its last use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.apikeys.keys import LAST_USE_STEP, PREFIX, KeyRefused, allowed_scopes, digest, state
from callgate.db.accounts import User
from callgate.db.integrations import ApiKey
from callgate.db.models import utcnow
from callgate.errors import Refused


class ScopeMissing(Refused):
    """The key lacks the scope the request needs."""

    code = "scope_missing"


def authenticate(db: Session, text: object) -> ApiKey:
    """Return the usable key whose text is `text`; raise KeyRefused with the reason's code.

    Commits the key's last use (at most once a minute).
    """
    row = None
    if isinstance(text, str) and text.startswith(PREFIX) and len(text) < 200:
        row = db.scalar(select(ApiKey).where(ApiKey.key_hash == digest(text)))
    if row is None:
        raise KeyRefused("the API key is not valid", code="invalid_key")
    now = utcnow()
    status = state(row, now)
    if status != "active":
        code = "key_revoked" if status == "revoked" else "key_expired"
        raise KeyRefused(f"the API key is {status}", code=code)
    if not _creator_still_may(db, row):
        raise KeyRefused("the key's creator no longer has its rights", code="key_revoked")
    if row.last_used_at is None or now - row.last_used_at >= LAST_USE_STEP:
        row.last_used_at = now
        db.commit()
    return row


def _creator_still_may(db: Session, row: ApiKey) -> bool:
    """Tell whether the person who made the key still holds every right it carries."""
    if row.creator_id is None:
        return True
    user = db.get(User, row.creator_id)
    return user is not None and set(row.scopes) <= set(allowed_scopes(db, user, row.workspace_id))


def require(row: ApiKey, scope: str) -> None:
    """Raise ScopeMissing unless the key carries `scope`."""
    if scope not in row.scopes:
        raise ScopeMissing(f"this key lacks the scope {scope}", scope=scope)
