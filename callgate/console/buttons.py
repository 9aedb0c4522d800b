"""Buttons: the list with each one's state now, and the editor (create and change)."""

from __future__ import annotations

import functools
import zoneinfo

from flask import Blueprint, current_app, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import workspaces
from callgate.buttons import listing, store
from callgate.buttons.callee import CalleeRules, nanp_abroad
from callgate.buttons.texts import TEXTS
from callgate.console import access, button_form, field_errors, keyset, paging, preview
from callgate.console.base import page
from callgate.console.i18n import language
from callgate.console.state import button_states
from callgate.db import get_db
from callgate.db.models import Button
from callgate.errors import InvalidInput, NotFound

bp = Blueprint("buttons", __name__)


@bp.get("/buttons")
def index() -> ResponseReturnValue:
    """List a page of the buttons the user may see (or those matching `q`), with open/closed,
    switches and today's use."""
    text = request.args.get("q", "")[:100]
    found, more = listing.page_of(
        get_db(), access.visible_workspaces(), text, keyset.cursor(), paging.PER_PAGE
    )
    return page(
        "buttons.html",
        rows=list(zip(found, button_states(found), strict=True)),
        names=access.workspace_names(),
        q=text,
        after=keyset.cursor_text(*more) if more else None,
        paged=bool(request.args.get("after")),
    )


@bp.get("/buttons.json")
def picks() -> ResponseReturnValue:
    """Answer a picker's search: the first buttons whose name or id matches `q`, as JSON."""
    found = listing.search(get_db(), access.visible_workspaces(), request.args.get("q", "")[:100])
    return jsonify([{"id": b.id, "name": b.name} for b in found])


def _rules() -> CalleeRules:
    special = access.user().is_admin and request.form.get("allow_special") == "on"
    return CalleeRules(special, tuple(current_app.config["CALLEE_COUNTRIES"]))


def _workspace_from_form() -> int:
    try:
        return int(request.form.get("workspace", ""))
    except ValueError:
        raise NotFound("no such workspace") from None


@functools.cache
def zones() -> list[str]:
    """Return the IANA time zone names, for the editor's suggestions."""
    skip = ("Etc/", "SystemV/", "posix/", "right/")
    names = (z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(skip))
    return ["UTC", *sorted(names)]


def preview_url(values: dict) -> str:
    """Return the preview's address for the editor's values (the script keeps it current)."""
    shown = [field for field in preview.PREVIEWED if field.form not in ("flag", "texts")]
    names = [button_form.input_name(field) for field in shown]
    flags = preview.FLAGS
    args = {name: values[name] for name in names if values.get(name)}
    args |= {k: v for k, v in values.items() if k.startswith("text_") and v}
    args |= {flag: "on" for flag in flags if values.get(flag) in (True, "on")}
    return url_for("console.preview.page", **args, preview_lang=language())


def _editor(button: Button | None, status: int = 200, **values: object) -> tuple[str, int]:
    editable = button is None or access.can_edit(button)
    given = values.pop("values", None)
    shown = given if isinstance(given, dict) else button_form.values_of(button)
    return page(
        "button_edit.html",
        status,
        button=button,
        editable=editable,
        workspaces=access.workspace_choices(editing=editable),
        text_keys=list(TEXTS["en"].items()),
        values=shown,
        errors=values.pop("errors", {}),
        zones=zones(),
        preview=preview_url(shown),
        abroad=nanp_abroad(button.callee, _rules(), language()) if button else None,
        defaults=store.DEFAULTS,
        **values,
    )


def _read(creating: bool) -> tuple[dict, dict[str, str]]:
    """Read the editor's form; each error is said at its field in the console's language."""
    fields, errors = button_form.read(request.form, creating, _rules())
    return fields, {field: field_errors.say(exc) for field, exc in errors.items()}


def _typed(errors: dict[str, str]) -> dict[str, str]:
    """Return the SIP password typed in this request, to keep in the form shown again.

    Only what this very request carried (never a stored password), and not when the password
    itself was refused.
    """
    typed = request.form.get("sip_password", "")
    return {"password": typed} if typed and "sip_password" not in errors else {}


@bp.get("/buttons/new")
def new() -> ResponseReturnValue:
    """Show an empty editor (only to users who may create buttons somewhere)."""
    if not access.workspace_choices(editing=True):
        raise workspaces.NotPermitted("read-only")
    return _editor(None)


@bp.post("/buttons/new")
def create() -> ResponseReturnValue:
    """Create a button from the form, or show the form again with each error at its field."""
    target = _workspace_from_form()
    workspaces.ensure_can_edit(get_db(), access.user(), None, target)
    fields, errors = _read(creating=True)
    if errors:
        return _editor(None, 400, values=request.form.to_dict(), errors=errors, **_typed(errors))
    button = store.create_button(get_db(), fields, _rules(), target, actor=access.actor())
    return redirect(url_for("console.embed.page", button_id=button.id, created=1))


@bp.get("/buttons/<button_id>")
def edit(button_id: str) -> ResponseReturnValue:
    """Show a button in the editor (read-only to viewers)."""
    return _editor(access.button_to_view(button_id))


@bp.post("/buttons/<button_id>")
def update(button_id: str) -> ResponseReturnValue:
    """Save the editor's fields (an empty SIP password keeps the stored one)."""
    target = _workspace_from_form()
    button = access.button_to_edit(button_id, target)
    fields, errors = _read(creating=False)
    if errors:
        return _editor(button, 400, values=request.form.to_dict(), errors=errors, **_typed(errors))
    try:
        store.update_button(
            get_db(), button.id, fields, _rules(), workspace_id=target, actor=access.actor()
        )
    except InvalidInput as exc:
        # A rule across fields (the SIP password bound to its host) names the field to show it at.
        field = exc.details.get("field")
        if not isinstance(field, str):
            raise
        said = {field: field_errors.say(exc)}
        return _editor(button, 400, values=request.form.to_dict(), errors=said, **_typed(said))
    return redirect(url_for("console.buttons.edit", button_id=button.id, saved=1))


@bp.post("/buttons/<button_id>/delete")
def delete(button_id: str) -> ResponseReturnValue:
    """Delete a button once the owner has ticked the confirmation; its call log stays."""
    button = access.button_to_edit(button_id)
    if request.form.get("confirm") != "yes":
        return _editor(button, 400, errors={"delete": "confirm"})
    store.delete_button(get_db(), button.id, actor=access.actor())
    return redirect(url_for("console.buttons.index", deleted=1))
