"""The overview: today and the last 30 days at a glance, per workspace and per button."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue

from callgate.buttons import listing
from callgate.calls import rollup, sources
from callgate.calls.stats import Figures, add, overview
from callgate.console import access, charts
from callgate.console.base import page
from callgate.db import get_db
from callgate.db.models import utcnow

bp = Blueprint("overview", __name__)
#: How many buttons the per-button table shows: the busiest of the 30 days first.
TOP_BUTTONS = 50


@bp.get("/", endpoint="page")
def overview_page() -> ResponseReturnValue:
    """Show the figures of every button the user may see."""
    db, scope = get_db(), access.visible_workspaces()
    now = utcnow()
    sealed = rollup.usable(db, now)
    figures = overview(db, scope, now, sealed=sealed)
    pages, campaigns = sources.by_page_and_campaign(db, scope, now, sealed=sealed)
    bars, top, grid = charts.daily_bars(figures.days)
    names = access.workspace_names()
    per_workspace: dict[str, Figures] = defaultdict(Figures)
    for workspace_id, total in figures.by_workspace.items():
        add(per_workspace[names.get(workspace_id, "?")], total)
    busiest = sorted(
        figures.by_button,
        key=lambda i: (-figures.by_button[i].placed - figures.by_button[i].refused, i),
    )
    buttons = listing.by_ids(db, scope, busiest[:TOP_BUTTONS])
    if len(buttons) < TOP_BUTTONS:
        shown = {b.id for b in buttons}
        buttons += [b for b in listing.first(db, scope, TOP_BUTTONS) if b.id not in shown]
        buttons = buttons[:TOP_BUTTONS]
    return page(
        "overview.html",
        figures=figures,
        bars=bars,
        top=top,
        grid=grid,
        chart=charts,
        reasons=charts.shares(dict(figures.total.reasons)),
        buttons=buttons,
        top_buttons=TOP_BUTTONS,
        per_workspace=sorted(per_workspace.items()),
        names=names,
        pages=pages,
        campaigns=campaigns,
    )


@bp.get("/overview")
def alias() -> ResponseReturnValue:
    """Send /console/overview to the overview."""
    return redirect(url_for("console.overview.page"))
