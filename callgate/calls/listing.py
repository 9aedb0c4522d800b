"""Calls for the management API: pages by cursor (newest first), and one call with its story."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.orm import Session

from callgate.calls import log, timeline
from callgate.db.ids import plain_id
from callgate.db.models import Call, WcsSession
from callgate.errors import InvalidInput
from callgate.routes.pages import UTM_KEYS


class CursorError(InvalidInput):
    """A page cursor that this server did not hand out."""

    code = "bad_cursor"


def encode_cursor(*parts: object) -> str:
    """Return an opaque cursor for the position after a row."""
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


def keyset_cursor(cursor: str) -> tuple[datetime, str]:
    """Return the (UTC instant, id) of a keyset cursor made by encode_cursor; raise
    CursorError for anything else (an instant out of range in UTC included)."""
    at, key = decode_cursor(cursor, 2)
    try:
        when = datetime.fromisoformat(at) if isinstance(at, str) else None
        when = when.astimezone(UTC) if when and when.tzinfo else None  # as stored: in UTC
    except (ValueError, OverflowError):
        when = None
    if when is None or not plain_id(key):
        raise CursorError("the cursor is not one this server gave")
    return when, key


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """Return the parts of a cursor made by encode_cursor; raise CursorError."""
    try:
        parts = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        parts = None
    if not isinstance(parts, list) or len(parts) != size:
        raise CursorError("the cursor is not one this server gave")
    return parts


def calls_page(
    db: Session, filters: log.Filters, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """Return up to `limit` calls after `cursor` (newest first) and the next page's cursor."""
    query = log.calls_query(filters)
    if cursor:
        at, call_id = keyset_cursor(cursor)
        before = or_(Call.created_at < at, and_(Call.created_at == at, Call.call_id < call_id))
        query = query.where(before)
    rows = list(db.execute(query.limit(limit + 1)))
    page = [describe(call, session) for call, session, *_extras in rows[:limit]]
    last = rows[limit - 1][0] if len(rows) > limit else None
    return page, encode_cursor(last.created_at.isoformat(), last.call_id) if last else None


def describe(call: Call, session: WcsSession | None) -> dict[str, Any]:
    """Return a call as plain data: when, which button, how it went, who ended it."""
    return {
        "id": call.call_id,
        "buttonId": call.button_id,
        "createdAt": call.created_at.isoformat(),
        "answeredAt": call.established_at.isoformat() if call.established_at else None,
        "endedAt": call.finished_at.isoformat() if call.finished_at else None,
        "outcome": log.outcome_of(call, session),
        "finalStatus": call.final_status,
        "talkSeconds": call.talk_seconds,
        "endedBy": call.ended_by,
        "origin": session.origin if session else None,
        "page": call.page_path,
        "campaign": {key: value for key in UTM_KEYS if (value := getattr(call, key))},
        "overflowOf": call.overflow_of,
    }


def call_detail(db: Session, call_id: str, owns: Callable[[str], bool]) -> dict[str, Any]:
    """Return one call of a button `owns` accepts, with its timeline and refusal reason;
    raise NotFound."""
    story = timeline.call_story(db, call_id)
    if not owns(story.call.button_id):
        raise timeline.NotFound(f"no call {call_id!r}")
    refused = [step for step in story.steps if step.outcome == "refused"]
    steps = [
        {"at": s.at.isoformat(), "what": s.what, "detail": s.detail, "outcome": s.outcome}
        for s in story.steps
    ]
    return describe(story.call, story.session) | {
        "endedBy": story.ended_by,
        "refusalReason": refused[0].detail if refused else None,
        "timeline": steps,
    }
