"""The audit trail: every decision and change, filterable; admins see all, members their buttons'.

Reasons are said in the console's language (console/reasons.py), changes field by field
(console/changes.py), for rows any part of Callgate wrote.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from callgate.audit.search import Query, actions, actors, search
from callgate.console import access, changes, keyset, paging, reasons
from callgate.console.base import page
from callgate.db import get_db

bp = Blueprint("audit", __name__)
OUTCOMES = ("allowed", "refused", "done")
KINDS = ("changes", "decisions")


def _query(chosen: str | None, known: list[str], who: list[str]) -> Query:
    """Return the search the query string asks for, within what the user may see."""
    since, until = paging.day_range()
    admin = access.user().is_admin
    return Query(
        button_ids=[chosen] if chosen else None,
        workspace_ids=None if admin or chosen else access.visible_workspaces(),
        action=paging.choice("action", known),
        outcome=paging.choice("outcome", OUTCOMES),
        since=since,
        until=until,
        actor=paging.choice("actor", who),
        kind=paging.choice("kind", KINDS),
    )


@bp.get("/audit")
def index() -> ResponseReturnValue:
    """Show one page of the audit trail (none, and why, if a date of the filter is not one)."""
    db, bad = get_db(), paging.bad_days("from", "to")
    button = paging.chosen_button()
    chosen = button.id if button else None
    scope = None if access.user().is_admin else access.visible_workspaces()
    known, who = actions(db), actors(db, None, scope)
    query = _query(chosen, known, who)
    number, after = paging.page_number(), keyset.numbered_cursor()
    offset = (number - 1) * paging.PER_PAGE
    events, total = ([], 0) if bad else search(db, query, offset, paging.PER_PAGE, after)
    pager = paging.Page(number, total)
    last = (events[-1].at, events[-1].id) if events else None
    buttons = paging.buttons_of(e.button_id for e in events)
    spaces = access.workspace_names()
    return page(
        "audit.html",
        400 if bad else 200,
        filter_errors=bad,
        events=events,
        pager=pager,
        after=keyset.next_after(len(events), pager, last),
        names={b.id: b.name for b in buttons},
        actions=[(a, changes.action_name(a)) for a in known],
        actors=[(a, changes.actor_name(a)) for a in who],
        outcomes=OUTCOMES,
        said={e.id: reasons.say(e.reason, e.details) for e in events},
        changed={e.id: changes.changes_of(e.details, spaces) for e in events},
        action_name=changes.action_name,
        shape=changes.shape,
        actor_name=changes.actor_name,
        shown={
            "button": chosen,
            "button_name": button.name if button else "",
            "action": query.action,
            "outcome": query.outcome,
            "actor": query.actor,
            "kind": query.kind,
            "from": paging.given_day("from"),
            "to": paging.given_day("to"),
        },
        query={k: v for k, v in request.args.items() if k not in ("page", "after")},
    )
