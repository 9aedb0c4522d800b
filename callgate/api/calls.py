"""Calls of the key's workspace: a page at a time by cursor, and one call with its timeline."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from callgate.api.base import chosen_buttons, need, owns
from callgate.calls import listing, log
from callgate.db import get_db
from callgate.errors import InvalidInput
from callgate.routes.pages import UTM_MOST, clean_page, path_of
from callgate.routes.safe_text import clean_text

bp = Blueprint("calls", __name__)
MAX_LIMIT = 200


def limit() -> int:
    """Return the page size asked for (`limit`, 1 to 200, default 50)."""
    text = request.args.get("limit", "50")
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_LIMIT:
        raise InvalidInput(f"limit must be a whole number from 1 to {MAX_LIMIT}", field="limit")
    return int(text)


def moment(name: str) -> datetime | None:
    """Return the ISO 8601 time of query parameter `name` (UTC if it names no zone), if given."""
    text = request.args.get(name)
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{name} must be an ISO 8601 time", field=name) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def choice(name: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """Return query parameter `name` if it is one of `allowed`; raise InvalidInput otherwise."""
    value = request.args.get(name)
    if value is not None and value not in allowed:
        raise InvalidInput(f"{name} is not one of the allowed values", field=name)
    return value


def source() -> tuple[str | None, str | None]:
    """Return the `page` and `campaign` filters as calls store them; raise InvalidInput for a
    page that is not a path."""
    page = request.args.get("page")
    campaign = clean_text(request.args.get("campaign"), UTM_MOST)
    return (path_of(clean_page(page)) if page else None), (campaign or None)


@bp.get("/calls")
def index() -> ResponseReturnValue:
    """List calls, newest first: `button`, `outcome`, `since`, `until`, `page`, `campaign`,
    `cursor`, `limit`."""
    row = need("calls:read")
    outcome = choice("outcome", [o for o in log.OUTCOMES if o != "refused"])
    page, campaign = source()
    filters = log.Filters(
        chosen_buttons(),
        outcome,
        moment("since"),
        moment("until"),
        workspace_ids=[row.workspace_id],
        page=page,
        campaign=campaign,
    )
    rows, after = listing.calls_page(get_db(), filters, request.args.get("cursor"), limit())
    return {"data": rows, "nextCursor": after}


@bp.get("/calls/<call_id>")
def show(call_id: str) -> ResponseReturnValue:
    """Return one call with its timeline and, if something was refused, why."""
    need("calls:read")
    return listing.call_detail(get_db(), call_id, owns)
