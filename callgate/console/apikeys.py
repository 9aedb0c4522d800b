"""API keys (admins, and editors of a workspace): make one (shown once), list, revoke."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import workspaces
from callgate.apikeys import keys
from callgate.console import access
from callgate.console.base import page
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.errors import CallgateError, InvalidInput, NotFound

bp = Blueprint("apikeys", __name__)


def _editable() -> list[int]:
    """Return the workspaces whose keys the user may see and manage; NotFound if none."""
    ids = workspaces.editable(get_db(), access.user())
    if not ids:
        raise NotFound("no such page")
    return ids


def _show(status: int = 200, **values: object) -> tuple[str, int]:
    ids = _editable()
    rows = [keys.describe(row) for row in keys.list_keys(get_db(), ids)]
    names = access.workspace_names()
    return page(
        "apikeys.html",
        status,
        rows=rows,
        names=names,
        workspace_options=[(i, names[i]) for i in ids],
        scopes=keys.SCOPES,
        errors=values.pop("errors", {}),
        **values,
    )


@bp.get("/api-keys")
def index() -> ResponseReturnValue:
    """List the keys of the workspaces the user manages, with the form to make one."""
    return _show()


def _expiry(text: str) -> datetime | None:
    """Return the end of the chosen day (UTC), or None for a key that does not expire."""
    if not text:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise InvalidInput(_("Give the expiry as a date.")) from None
    return day.replace(hour=23, minute=59, second=59, tzinfo=UTC)


@bp.post("/api-keys")
def create() -> ResponseReturnValue:
    """Make a key and show it once, to copy."""
    form = request.form
    creator = keys.Creator(access.actor(), access.user())
    try:
        raw = form.get("workspace", "")
        workspace = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        if workspace not in _editable():
            raise InvalidInput(_("Choose a workspace from the list."))
        row, text = keys.create_key(
            get_db(),
            workspace,
            form.get("name", ""),
            form.getlist("scope"),
            creator,
            _expiry(form.get("expires", "")),
        )
    except CallgateError as exc:
        return _show(400, errors={"create": exc.message}, typed=form)
    return _show(made=keys.describe(row), key=text)


@bp.post("/api-keys/<int:key_id>/revoke")
def revoke(key_id: int) -> ResponseReturnValue:
    """Revoke a key: it stops working at once."""
    row = keys.get_key(get_db(), key_id, _editable())
    keys.revoke(get_db(), row, access.actor())
    return redirect(url_for("console.apikeys.index", revoked=row.name))
