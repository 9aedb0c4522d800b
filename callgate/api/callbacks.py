"""Callback requests of the key's workspace: a page at a time by cursor, and marking one done."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from callgate.api.base import chosen_buttons, need, owns
from callgate.api.calls import choice, limit
from callgate.api.idempotent import idempotent
from callgate.apikeys.keys import actor_of
from callgate.db import get_db
from callgate.errors import InvalidInput, NotFound
from callgate.visitors.callback_log import STATUSES, get_callback, mark
from callgate.visitors.callback_pages import Scope, callbacks_page
from callgate.visitors.callbacks import describe

bp = Blueprint("callbacks", __name__)
LARGEST = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL)


@bp.get("/callbacks")
def index() -> ResponseReturnValue:
    """List requests, newest first: `button`, `status`, `cursor`, `limit`."""
    row = need("callbacks:read")
    cursor = request.args.get("cursor")
    if cursor is not None and not (
        cursor.isascii() and cursor.isdigit() and int(cursor) <= LARGEST
    ):
        raise InvalidInput("the cursor is not one this server gave", field="cursor")
    rows, after = callbacks_page(
        get_db(),
        Scope(chosen_buttons(), [row.workspace_id]),
        choice("status", STATUSES),
        int(cursor) if cursor else None,
        limit(),
    )
    return {"data": rows, "nextCursor": str(after) if after else None}


@bp.post("/callbacks/<int:request_id>/done")
@idempotent
def done(request_id: int) -> ResponseReturnValue:
    """Mark a request done."""
    row = need("callbacks:write")
    if request_id > LARGEST:
        raise NotFound(f"no callback request {request_id}")
    found = get_callback(get_db(), request_id)
    if not owns(found.button_id):
        raise NotFound(f"no callback request {request_id}")
    return describe(mark(get_db(), request_id, "done", actor_of(row)))
