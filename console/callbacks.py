"""Callback requests: what visitors left when a button could not take their call, to work off."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from console import access, paging
from console.base import page
from db import get_db
from visitors.callback_log import STATUSES, get_callback, mark, search_callbacks

bp = Blueprint("callbacks", __name__)


@bp.get("/callbacks")
def index() -> ResponseReturnValue:
    """Show one page of the requests of the buttons the user may see, newest first."""
    buttons = access.visible_buttons()
    ids = [b.id for b in buttons]
    chosen = paging.choice("button", ids)
    status = paging.choice("status", STATUSES)
    number = paging.page_number()
    offset = (number - 1) * paging.PER_PAGE
    rows, total = search_callbacks(
        get_db(), [chosen] if chosen else ids, status, offset, paging.PER_PAGE
    )
    return page(
        "callbacks.html",
        rows=rows,
        pager=paging.Page(number, total),
        buttons=buttons,
        names={b.id: b.name for b in buttons},
        editable={b.id for b in buttons if access.can_edit(b)},
        statuses=STATUSES,
        shown={"button": chosen, "status": status},
        query={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.post("/callbacks/<int:request_id>")
def handle(request_id: int) -> ResponseReturnValue:
    """Mark a request done (or new again); editors of its button's workspace only."""
    row = get_callback(get_db(), request_id)
    access.button_to_edit(row.button_id)
    status = "done" if request.form.get("done") == "1" else "new"
    mark(get_db(), request_id, status, access.user().email)
    kept: dict[str, Any] = {
        name: request.args[name] for name in ("button", "status", "page") if name in request.args
    }
    return redirect(url_for("console.callbacks.index", **kept))
