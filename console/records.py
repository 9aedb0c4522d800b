"""The audit trail: every decision, filterable; admins see all, members their workspaces'."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from audit.search import Query, actions, search
from console import access, paging
from console.base import page
from db import get_db

bp = Blueprint("records", __name__)
OUTCOMES = ("allowed", "refused", "done")


def _query(ids: list[str], known: list[str]) -> Query:
    """Return the search the query string asks for, within what the user may see."""
    chosen = paging.choice("button", ids)
    since, until = paging.day_range()
    return Query(
        button_ids=[chosen] if chosen else (None if access.user().is_admin else ids),
        action=paging.choice("action", known),
        outcome=paging.choice("outcome", OUTCOMES),
        since=since,
        until=until,
    )


@bp.get("/audit")
def index() -> ResponseReturnValue:
    """Show one page of the audit trail."""
    db = get_db()
    buttons = access.visible_buttons()
    known = actions(db)
    query = _query([b.id for b in buttons], known)
    number = paging.page_number()
    events, total = search(db, query, (number - 1) * paging.PER_PAGE, paging.PER_PAGE)
    return page(
        "audit.html",
        events=events,
        pager=paging.Page(number, total),
        buttons=buttons,
        names={b.id: b.name for b in buttons},
        actions=known,
        outcomes=OUTCOMES,
        shown={
            "button": paging.choice("button", [b.id for b in buttons]),
            "action": query.action,
            "outcome": query.outcome,
            "from": paging.day("from"),
            "to": paging.day("to"),
        },
        query={k: v for k, v in request.args.items() if k != "page"},
    )
