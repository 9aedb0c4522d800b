"""Callback requests: what visitors left when a button could not take their call, to work off."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import workspaces
from callgate.console import access, keyset, paging
from callgate.console.base import page
from callgate.db import get_db
from callgate.visitors.callback_log import STATUSES, get_callback, mark, search_callbacks

bp = Blueprint("callbacks", __name__)


@bp.get("/callbacks")
def index() -> ResponseReturnValue:
    """Show one page of the requests of the buttons the user may see, newest first."""
    button = paging.chosen_button()
    chosen = button.id if button else None
    status = paging.choice("status", STATUSES)
    number, after = paging.page_number(), keyset.numbered_cursor()
    offset = (number - 1) * paging.PER_PAGE
    scope = access.visible_workspaces()
    rows, total = search_callbacks(
        get_db(), [chosen] if chosen else None, status, offset, paging.PER_PAGE, scope, after
    )
    pager = paging.Page(number, total)
    last = (datetime.fromisoformat(rows[-1]["createdAt"]), rows[-1]["id"]) if rows else None
    buttons = paging.buttons_of(r["buttonId"] for r in rows)
    editing = set(workspaces.editable(get_db(), access.user()))
    return page(
        "callbacks.html",
        rows=rows,
        pager=pager,
        after=keyset.next_after(len(rows), pager, last),
        names={b.id: b.name for b in buttons},
        editable={b.id for b in buttons if b.workspace_id in editing},
        statuses=STATUSES,
        shown={"button": chosen, "button_name": button.name if button else "", "status": status},
        query={k: v for k, v in request.args.items() if k not in ("page", "after")},
    )


@bp.post("/callbacks/<int:request_id>")
def handle(request_id: int) -> ResponseReturnValue:
    """Mark a request done (or new again); editors of its button's workspace only."""
    row = get_callback(get_db(), request_id)
    access.button_to_edit(row.button_id)
    status = "done" if request.form.get("done") == "1" else "new"
    mark(get_db(), request_id, status, access.user().email)
    names = ("button", "status", "page", "after")
    kept: dict[str, Any] = {name: request.args[name] for name in names if name in request.args}
    return redirect(url_for("console.callbacks.index", **kept))
