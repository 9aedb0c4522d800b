"""Buttons of the key's workspace: list, create, read, change, delete. The SIP password is
write-only, and moving where it is sent needs it again (buttons/sip_binding.py)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue

from callgate.api.base import body, key, need
from callgate.api.calls import limit
from callgate.api.idempotent import idempotent
from callgate.apikeys.keys import actor_of
from callgate.buttons import listing, store, validate
from callgate.buttons.callee import CalleeRules
from callgate.calls.listing import encode_cursor, keyset_cursor
from callgate.db import get_db
from callgate.db.models import Button
from callgate.errors import CallgateError, NotFound

bp = Blueprint("buttons", __name__)


def rules() -> CalleeRules:
    """Return the installation's callee rules (no special numbers through the API)."""
    return CalleeRules(False, tuple(current_app.config["CALLEE_COUNTRIES"]))


def checked(fields: dict) -> dict:
    """Check each field on its own first, so an error names its field (`details.field`)."""
    for name, value in fields.items():
        if value is None or name not in validate.CHECKS:
            continue
        try:
            validate.clean({name: value}, rules())
        except CallgateError as exc:
            exc.details.setdefault("field", name)
            raise
    return fields


def mine(button_id: str) -> Button:
    """Return the button if it belongs to the key's workspace; others' are 404."""
    button = store.get_button(get_db(), button_id)
    if button.workspace_id != key().workspace_id:
        raise NotFound(f"no button {button_id!r}")
    return button


@bp.get("/buttons")
def index() -> ResponseReturnValue:
    """List the workspace's buttons, oldest first, a page at a time: `cursor`, `limit`."""
    row = need("buttons:read")
    found, after = listing.page_of(get_db(), [row.workspace_id], "", position(), limit())
    cursor = encode_cursor(after[0].isoformat(), after[1]) if after else None
    return {"data": [store.describe(b) for b in found], "nextCursor": cursor}


def position() -> tuple[datetime, str] | None:
    """Return where the `cursor` parameter says the page starts; raise CursorError."""
    cursor = request.args.get("cursor")
    return None if cursor is None else keyset_cursor(cursor)


@bp.post("/buttons")
@idempotent
def create() -> ResponseReturnValue:
    """Make a button in the key's workspace (the core's fields and checks)."""
    row = need("buttons:write")
    fields = checked(body())
    made = store.create_button(get_db(), fields, rules(), row.workspace_id, actor=actor_of(row))
    return store.describe(made), 201


@bp.get("/buttons/<button_id>")
def show(button_id: str) -> ResponseReturnValue:
    """Return one button, without its SIP password."""
    need("buttons:read")
    return store.describe(mine(button_id))


@bp.patch("/buttons/<button_id>")
def change(button_id: str) -> ResponseReturnValue:
    """Change the given fields of a button; the rest stay."""
    row = need("buttons:write")
    fields = checked(body())
    mine(button_id)
    changed = store.update_button(get_db(), button_id, fields, rules(), actor=actor_of(row))
    return store.describe(changed)


@bp.delete("/buttons/<button_id>")
def remove(button_id: str) -> ResponseReturnValue:
    """Delete a button; its calls stay in the log."""
    row = need("buttons:write")
    mine(button_id)
    store.delete_button(get_db(), button_id, actor=actor_of(row))
    return "", 204
