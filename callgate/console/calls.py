"""Calls: the log (calls and refused attempts) with filters and pages, one call's story, CSV."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

from flask import Blueprint, Response, request, stream_with_context
from flask.typing import ResponseReturnValue

from callgate.calls import log, timeline
from callgate.console import access, keyset, paging, reasons, sources
from callgate.console.base import page
from callgate.console.call_context import context_facts
from callgate.console.facts import attempt_facts, call_facts, visitor_facts
from callgate.db import get_db
from callgate.db.visitors import CallExtras
from callgate.errors import InvalidInput, NotFound
from callgate.routes import overflow
from callgate.routes.pages import UTM_KEYS
from callgate.visitors.consent import consent_of

bp = Blueprint("calls", __name__)
CSV_LIMIT = 10000


def _filters() -> tuple[log.Filters, dict, dict[str, str]]:
    """Return the log's filters, what the form shows, and why (by query argument) a filter
    given is not one."""
    button = paging.chosen_button()
    chosen = button.id if button else None
    since, until = paging.day_range()
    outcome = paging.choice("outcome", log.OUTCOMES)
    scope = access.visible_workspaces()
    (path, page_error), campaign = sources.page_filter(), sources.campaign_filter()
    filters = log.Filters(
        [chosen] if chosen else None, outcome, since, until, scope, path, campaign
    )
    shown = {
        "page_path": request.args.get("page_path", "").strip()[:300],
        "campaign": campaign or "",
        "button": chosen,
        "button_name": button.name if button else "",
        "outcome": outcome,
        "from": paging.given_day("from"),
        "to": paging.given_day("to"),
    }
    bad = paging.bad_days("from", "to") | ({"page_path": page_error} if page_error else {})
    return filters, shown, bad


@bp.get("/calls")
def index() -> ResponseReturnValue:
    """Show one page of the call log (none, and why, if a date of the filter is not one)."""
    filters, shown, bad = _filters()
    number, after = paging.page_number(), keyset.cursor()
    offset = (number - 1) * paging.PER_PAGE
    rows, total = (
        ([], 0) if bad else log.search(get_db(), [], filters, offset, paging.PER_PAGE, after)
    )
    pager = paging.Page(number, total)
    more = len(rows) == paging.PER_PAGE and (pager.capped or number < pager.pages)
    return page(
        "calls.html",
        400 if bad else 200,
        filter_errors=bad,
        rows=rows,
        pager=pager,
        after=keyset.cursor_text(rows[-1].at, rows[-1].ref) if rows and more else None,
        shown=shown,
        names={e.button_id: e.button_name for e in rows if e.button_id and e.button_name},
        outcomes=log.OUTCOMES,
        query={k: v for k, v in request.args.items() if k not in ("page", "after")},
    )


@bp.get("/calls.csv")
def export() -> Response:
    """Download the filtered log as CSV (up to 10 000 rows)."""
    filters, _shown, bad = _filters()
    if bad:
        raise InvalidInput(" ".join(bad.values()))
    headers = {"Content-Disposition": 'attachment; filename="callgate-calls.csv"'}
    return Response(stream_with_context(_streamed(filters)), mimetype="text/csv", headers=headers)


def _streamed(filters: log.Filters) -> Iterator[str]:
    # The session is opened inside the stream's own app context, whose teardown closes it when
    # the download ends or the client goes away; the view's session was closed long before.
    yield from csv_lines(log.stream(get_db(), filters, CSV_LIMIT))


def csv_lines(rows: Iterator[log.Entry]) -> Iterator[str]:
    """Yield the CSV's header, then its rows a few hundred at a time."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["time_utc", "button", "button_id", "kind", "id", "outcome", "reason", "origin"]
        + ["visitor_network", "talk_seconds", "final_status", "ended_by", "rating", "rating_tags"]
        + ["page", *UTM_KEYS]
    )
    while batch := list(itertools.islice(rows, log.STREAM_BATCH)):
        for e in batch:
            talk = "" if e.talk_seconds is None else f"{e.talk_seconds:.1f}"
            cells: list[object] = [e.at.isoformat(), e.button_name or ""]
            cells += [e.button_id, e.kind]
            cells += [e.ref, e.outcome, e.category or "", e.origin, e.visitor_ip, talk]
            cells += [e.final_status, e.ended_by, e.rating, " ".join(e.tags), e.page_path]
            cells += [e.campaign.get(key) for key in UTM_KEYS]
            writer.writerow([_cell(c) for c in cells])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _cell(value: object) -> str:
    """Return a CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/calls/<call_id>")
def detail(call_id: str) -> ResponseReturnValue:
    """Show one call: its facts and its timeline from token to end."""
    db = get_db()
    story = timeline.call_story(db, call_id)
    button = _visible(story.call.button_id)
    extras = db.get(CallExtras, story.call.session_id)
    return page(
        "call.html",
        story=story,
        button=button,
        facts=call_facts(story, button),
        visitor=visitor_facts(extras, consent_of(db, story.session, extras)),
        context=context_facts(db, story.call, story.session, button),
        legs=overflow.legs_of(db, story.call),
        reason=reasons.say,
    )


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
