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
from callgate.db.routes import ButtonRoute
from callgate.errors import CallgateError
from callgate.routes import identity, store
from callgate.vault.stored import vault_of

bp = Blueprint("routes", __name__)
FIELDS = ("label", "label_ru", "callee", "hours", "ring_time", "overflow")


def _show(button: Button, status: int = 200, **values: object) -> tuple[str, int]:
    """Render the routes page; the route form edits `editing` (or `?edit=`) if it is one."""
    routes = store.list_routes(get_db(), button.id)
    hours = {r.id: format_hours(r.schedule) if r.schedule else "" for r in routes}
    wanted = values.pop("editing", None) or request.args.get("edit")
    editing = next((r for r in routes if r.id == wanted), None)
    form = values.pop("values", None) or (_stored(editing, hours) if editing else {})
    return page(
        "routes.html",
        status,
        button=button,
        editable=access.can_edit(button),
        routes=routes,
        labels={r.id: r.label for r in routes},
        hours=hours,
        settings=store.context_settings(get_db(), button.id),
        values=form,
        editing=editing,
        error=values.pop("error", None),
        identity_made=identity.made_at(get_db(), button.id),
        new_secret=values.pop("new_secret", None),
    )


def _stored(route: ButtonRoute, hours: dict[str, str]) -> dict[str, object]:
    """Return a route's fields as the route form shows them."""
    return {
        "label": route.label,
        "label_ru": route.label_ru or "",
        "callee": route.callee,
        "hours": hours[route.id],
        "ring_time": route.ring_seconds or "",
        "overflow": route.overflow_id or "",
    }


def _rules() -> CalleeRules:
    """Return the callee rules of a console editor (no premium or special numbers)."""
    return CalleeRules(False, tuple(current_app.config["CALLEE_COUNTRIES"]))


def _form_values() -> dict[str, object]:
    """Read the route form: "" for a field left empty, the ring time as a number if given."""
    form = {name: request.form.get(name, "").strip() for name in FIELDS}
    ring = form.pop("ring_time")
    return {
        "label": form["label"],
        "label_ru": form["label_ru"],
        "callee": form["callee"],
        "schedule": form["hours"],
        # "" clears a route's ring time when it is edited; a new route takes it as none.
        "ring_seconds": int(ring) if ring.isascii() and ring.isdigit() else ring,
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
    try:
        store.add_route(get_db(), button.id, _form_values(), _rules())
    except CallgateError as exc:
        get_db().rollback()
        return _show(button, 400, values=request.form.to_dict(), error=exc.message)
    return redirect(url_for("console.routes.index", button_id=button.id, saved=1))


@bp.post("/buttons/<button_id>/routes/<route_id>")
def update(button_id: str, route_id: str) -> ResponseReturnValue:
    """Change a route from the edit form, or show the form again with the reason."""
    button = access.button_to_edit(button_id)
    store.get_route(get_db(), button.id, route_id)  # another button's or none: 404
    try:
        store.update_route(get_db(), button.id, route_id, _form_values(), _rules())
    except CallgateError as exc:
        get_db().rollback()
        form = request.form.to_dict()
        return _show(button, 400, values=form, error=exc.message, editing=route_id)
    return redirect(url_for("console.routes.index", button_id=button.id, saved=1))


@bp.post("/buttons/<button_id>/routes/<route_id>/remove")
def remove(button_id: str, route_id: str) -> ResponseReturnValue:
    """Remove one route."""
    button = access.button_to_edit(button_id)
    store.remove_route(get_db(), button.id, route_id)
    return redirect(url_for("console.routes.index", button_id=button.id, saved=1))


@bp.post("/buttons/<button_id>/identity-secret")
def identity_secret(button_id: str) -> ResponseReturnValue:
    """Make the button a new secret for verified customers and show it this once."""
    button = access.button_to_edit(button_id)
    db = get_db()
    plain = identity.identity_secret(db, vault_of(db), button.id, True, access.actor())
    body, status = _show(button, new_secret=plain)
    return body, status, {"Cache-Control": "no-store"}


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
