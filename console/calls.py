"""Calls: the log (calls and refused attempts) with filters and pages, one call's story, CSV."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from calls import log, timeline
from console import access, paging
from console.base import page
from console.facts import attempt_facts, call_facts
from db import get_db
from errors import NotFound

bp = Blueprint("calls", __name__)
CSV_LIMIT = 10000


def _filters() -> tuple[log.Filters, dict]:
    buttons = access.visible_buttons()
    ids = [b.id for b in buttons]
    chosen = paging.choice("button", ids)
    since, until = paging.day_range()
    outcome = paging.choice("outcome", log.OUTCOMES)
    filters = log.Filters([chosen] if chosen else ids, outcome, since, until)
    shown = {
        "button": chosen,
        "outcome": outcome,
        "from": paging.day("from"),
        "to": paging.day("to"),
    }
    return filters, shown


@bp.get("/calls")
def index() -> ResponseReturnValue:
    """Show one page of the call log."""
    filters, shown = _filters()
    buttons = access.visible_buttons()
    number = paging.page_number()
    rows, total = log.search(
        get_db(), buttons, filters, (number - 1) * paging.PER_PAGE, paging.PER_PAGE
    )
    return page(
        "calls.html",
        rows=rows,
        pager=paging.Page(number, total),
        shown=shown,
        buttons=buttons,
        names={b.id: b.name for b in buttons},
        outcomes=log.OUTCOMES,
        query={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/calls.csv")
def export() -> Response:
    """Download the filtered log as CSV (up to 10 000 rows)."""
    filters, _shown = _filters()
    buttons = access.visible_buttons()
    rows, _total = log.search(get_db(), buttons, filters, 0, CSV_LIMIT)
    names = {b.id: b.name for b in buttons}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["time_utc", "button", "button_id", "kind", "id", "outcome", "reason", "origin"]
        + ["visitor_network", "talk_seconds", "final_status", "ended_by"]
    )
    for e in rows:
        talk = "" if e.talk_seconds is None else f"{e.talk_seconds:.1f}"
        cells = [e.at.isoformat(), names.get(e.button_id or "", ""), e.button_id, e.kind, e.ref]
        cells += [e.outcome, e.category or "", e.origin, e.visitor_ip, talk, e.final_status]
        writer.writerow([_cell(c) for c in cells + [e.ended_by]])
    headers = {"Content-Disposition": 'attachment; filename="callgate-calls.csv"'}
    return Response(out.getvalue(), mimetype="text/csv", headers=headers)


def _cell(value: object) -> str:
    """Return a CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/calls/<call_id>")
def detail(call_id: str) -> ResponseReturnValue:
    """Show one call: its facts and its timeline from token to end."""
    story = timeline.call_story(get_db(), call_id)
    button = _visible(story.call.button_id)
    return page("call.html", story=story, button=button, facts=call_facts(story, button))


@bp.get("/attempts/<event_id>")
def refused(event_id: str) -> ResponseReturnValue:
    """Show a refused attempt: which decision refused it and why."""
    event = timeline.attempt(get_db(), event_id)
    button = _visible(event.button_id)
    facts, category = attempt_facts(event, button)
    return page("attempt.html", event=event, button=button, facts=facts, category=category)


def _visible(button_id: str | None):
    """Return the call's button if the user may see it; calls of others' buttons are 404."""
    if button_id is None:
        raise NotFound("no such call")
    return access.button_to_view(button_id)
