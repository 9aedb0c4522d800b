"""Idempotency keys: a key's POST sent again with the same `Idempotency-Key` is answered from
the stored answer instead of being done twice; the same key for another request is refused.

A request first claims its key (status 0, committed), so that a second request racing the
first finds the claim and is told to retry rather than doing the work as well.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callgate.db.integrations import IdempotentAnswer
from callgate.db.models import utcnow
from callgate.errors import InvalidInput, Refused

#: How long an answer is kept for replay.
KEEP = timedelta(hours=24)
PENDING = 0


class IdempotencyError(Refused):
    """The key is in use by a request still running, or was used for another request."""

    codes = ("idempotency_in_progress", "idempotency_key_reused")


def check_key(value: str) -> str:
    """Return the header's value if it is 1 to 200 printable ASCII characters."""
    if not 0 < len(value) <= 200 or not value.isascii() or not value.isprintable():
        raise InvalidInput("Idempotency-Key must be 1 to 200 printable ASCII characters")
    return value


def fingerprint(method: str, path: str, body: bytes) -> str:
    """Return what tells one request from another under the same idempotency key."""
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def claim(db: Session, key_id: int, value: str, request_hash: str) -> IdempotentAnswer | None:
    """Claim `value` for this request: None if new, else the stored answer to replay.

    Raises IdempotencyError if the key is held by a running request or another request's.
    """
    db.execute(delete(IdempotentAnswer).where(IdempotentAnswer.created_at < utcnow() - KEEP))
    row = db.get(IdempotentAnswer, (key_id, value))
    if row is None:
        db.add(
            IdempotentAnswer(
                key_id=key_id,
                idempotency_key=value,
                request_hash=request_hash,
                status=PENDING,
                body="",
            )
        )
        try:
            db.commit()
            return None
        except IntegrityError:
            db.rollback()
            row = db.get(IdempotentAnswer, (key_id, value))
    if row is None or row.status == PENDING:
        raise IdempotencyError(
            "a request with this Idempotency-Key is still running; retry",
            code="idempotency_in_progress",
        )
    if row.request_hash != request_hash:
        raise IdempotencyError(
            "this Idempotency-Key was used for another request", code="idempotency_key_reused"
        )
    return row


def keep(db: Session, key_id: int, value: str, status: int, body: str) -> None:
    """Store the answer of a claimed request; a server error frees the key for a retry."""
    db.rollback()
    row = db.get(IdempotentAnswer, (key_id, value))
    if row is None:
        return
    if status >= 500 or status == 429:
        db.delete(row)
    else:
        row.status, row.body = status, body
    db.commit()
