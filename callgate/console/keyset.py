"""Keyset pages of the console's lists: "Older" continues after the last row shown, by
(time, id), instead of skipping rows with OFFSET.

The cursor, query argument `after`, is "ISO instant|id"; where rows are numbered (audit events,
callback requests) the id is a whole number.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request

from callgate.console import paging
from callgate.console.i18n import gettext as _
from callgate.db.models import MAX_ID
from callgate.errors import InvalidInput


def cursor(name: str = "after") -> tuple[datetime, str] | None:
    """Return the keyset cursor "ISO instant|id" in query argument `name` (None when absent);
    raise InvalidInput for anything else."""
    text = request.args.get(name, "")
    if not text:
        return None
    at, _sep, ref = text.partition("|")
    try:
        when = datetime.fromisoformat(at)
        # In UTC, as stored: an instant near year 1 or 9999 may overflow there.
        when = when.astimezone(UTC) if when.tzinfo is not None else when
    except (ValueError, OverflowError):
        raise InvalidInput(broken_link()) from None
    if not ref or len(ref) > 200 or when.tzinfo is None or not text.isprintable():
        raise InvalidInput(broken_link())
    return when, ref


def broken_link() -> str:
    """Return what a malformed `after` cursor is told, in the console's language."""
    return _("This page link is broken: start again from the first page.")


def cursor_text(at: datetime, ref: str) -> str:
    """Return the query argument that continues a list after the row (`at`, `ref`)."""
    return f"{at.isoformat()}|{ref}"


def numbered_cursor(name: str = "after") -> tuple[datetime, int] | None:
    """Return the cursor (UTC instant, id) in query argument `name` (None when absent); raise
    InvalidInput unless it is an aware ISO instant, "|" and a whole number up to MAX_ID."""
    found = cursor(name)
    if found is None:
        return None
    at, ref = found
    if not (ref.isascii() and ref.isdigit() and len(ref) <= 10 and int(ref) <= MAX_ID):
        raise InvalidInput(broken_link())
    return at, int(ref)


def next_after(shown: int, pager: paging.Page, last: tuple[datetime, int] | None) -> str | None:
    """Return the `after` of the "Older" link: the cursor of `last`, the last of `shown` rows,
    when the page is full and more may follow (as the Calls page decides), else None."""
    more = shown == pager.per_page and (pager.capped or pager.number < pager.pages)
    return cursor_text(last[0], str(last[1])) if last is not None and more else None
