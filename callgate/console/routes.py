"""Routes and caller context of a button: the destinations a visitor picks, the name field and
the recording flag (the editor's own page, `/console/buttons/<id>/routes`)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.buttons.callee import CalleeRules
from callgate.buttons.schedule import format_hours
from callgate.console import access
from callgate.console.base import page
from callgate.db import get_db
from callgate.db.models import Button
from callgate.errors import CallgateError
from callgate.routes import store

bp = Blueprint("routes", __name__)
FIELDS = ("label", "label_ru", "callee", "hours", "ring_time", "overflow")


def _show(button: Button, status: int = 200, **values: object) -> tuple[str, int]:
    routes = store.list_routes(get_db(), button.id)
    return page(
        "routes.html",
        status,
        button=button,
        editable=access.can_edit(button),
        routes=routes,
        labels={r.id: r.label for r in routes},
        hours={r.id: format_hours(r.schedule) if r.schedule else "" for r in routes},
        settings=store.context_settings(get_db(), button.id),
        values=values.pop("values", {}),
        error=values.pop("error", None),
    )


def _form_values() -> dict[str, object]:
    """Read the add form: "" for a field left empty, the ring time as a number if given."""
    form = {name: request.form.get(name, "").strip() for name in FIELDS}
    ring = form.pop("ring_time")
    return {
        "label": form["label"],
        "label_ru": form["label_ru"],
        "callee": form["callee"],
        "schedule": form["hours"],
        "ring_seconds": int(ring) if ring.isdigit() else (ring or None),
        "overflow_id": form["overflow"],
    }


@bp.get("/buttons/<button_id>/routes")
def index(button_id: str) -> ResponseReturnValue:
    """Show the button's routes, the form to add one and the caller-context settings."""
    return _show(access.button_to_view(button_id))


@bp.post("/buttons/<button_id>/routes")
def add(button_id: str) -> ResponseReturnValue:
    """Add a route from the form, or show the form again with the reason."""
    button = access.button_to_edit(button_id)
    rules = CalleeRules(False, tuple(current_app.config["CALLEE_COUNTRIES"]))
    try:
        store.add_route(get_db(), button.id, _form_values(), rules)
    except CallgateError as exc:
        get_db().rollback()
        return _show(button, 400, values=request.form.to_dict(), error=exc.message)
    return redirect(url_for("console.routes.index", button_id=button.id, saved=1))


@bp.post("/buttons/<button_id>/routes/<route_id>/remove")
def remove(button_id: str, route_id: str) -> ResponseReturnValue:
    """Remove one route."""
    button = access.button_to_edit(button_id)
    store.remove_route(get_db(), button.id, route_id)
    return redirect(url_for("console.routes.index", button_id=button.id, saved=1))


@bp.post("/buttons/<button_id>/context")
def context(button_id: str) -> ResponseReturnValue:
    """Save the name field and recording flag settings."""
    button = access.button_to_edit(button_id)
    try:
        store.set_context(
            get_db(), button.id, request.form.get("ask_name"), request.form.get("recording")
        )
    except CallgateError as exc:
        get_db().rollback()
        return _show(button, 400, error=exc.message)
    return redirect(url_for("console.routes.index", button_id=button.id, saved=1))
