"""The overview: today and the last 30 days at a glance, per workspace and per button."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue

from calls.stats import Figures, add, overview
from console import access, charts
from console.base import page
from db import get_db
from db.models import utcnow

bp = Blueprint("overview", __name__)


@bp.get("/", endpoint="page")
def overview_page() -> ResponseReturnValue:
    """Show the figures of every button the user may see."""
    buttons = access.visible_buttons()
    figures = overview(get_db(), buttons, utcnow())
    bars, top, grid = charts.daily_bars(figures.days)
    names = access.workspace_names()
    per_workspace: dict[str, Figures] = defaultdict(Figures)
    for button in buttons:
        total = figures.by_button.get(button.id)
        if total is not None:
            add(per_workspace[names.get(button.workspace_id, "?")], total)
    return page(
        "overview.html",
        figures=figures,
        bars=bars,
        top=top,
        grid=grid,
        chart=charts,
        reasons=charts.shares(dict(figures.total.reasons)),
        buttons=buttons,
        per_workspace=sorted(per_workspace.items()),
        names=names,
    )


@bp.get("/overview")
def alias() -> ResponseReturnValue:
    """Send /console/overview to the overview."""
    return redirect(url_for("console.overview.page"))
