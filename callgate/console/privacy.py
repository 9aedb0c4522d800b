"""Privacy (admins): the retention periods in force, and erasing one person's data on request.

An erasure is asked for, shown with what it would change, and done only once confirmed. The
number, call id or customer id typed travels in the form only, never in a URL, so no access
log keeps it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.console import access
from callgate.console.base import page
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.errors import InvalidInput, NotFound
from callgate.retention import erasure
from callgate.retention.periods import DEFAULTS, setting

bp = Blueprint("privacy", __name__)
#: What the page says for each reason an erasure names nobody.
SAID = {
    "erase_nobody": "Give one of a phone number, a call id or a verified customer id.",
    "erase_phone": "This is not a phone number: write it like +493012345678.",
    "erase_customer": "A customer id has 1 to 64 characters.",
    "not_found": "No call has this id.",
}


#: Data kept as long as a kind of DEFAULTS, under its setting: the retention sweep deletes the
#: webhook messages with the callback requests (retention/sweep.py `TARGETS`).
ALONG = {"callbacks": ("webhooks",)}


def _periods() -> list[tuple[str, str, int | None]]:
    """Return (kind, setting, days or None) for each kind of data, as in force, each kind
    followed by the data kept as long as it."""
    days = current_app.config["RETENTION"].days
    return [
        (shown, f"CALLGATE_{setting(kind)}", days[kind])
        for kind in DEFAULTS
        for shown in (kind, *ALONG.get(kind, ()))
    ]


@bp.get("/privacy")
def index() -> ResponseReturnValue:
    """Show the retention periods and the erasure form."""
    access.require_admin()
    return page("privacy.html", periods=_periods(), values={}, error=None)


@bp.post("/privacy/erase")
def erase() -> ResponseReturnValue:
    """Find the person's data, ask to confirm what would change, then erase it (audited)."""
    access.require_admin()
    fields = ("phone", "call", "customer")
    values = {name: (request.form.get(name) or "").strip() for name in fields}
    subject = erasure.Subject(
        phone=values["phone"] or None,
        call_id=values["call"] or None,
        customer=values["customer"] or None,
    )
    countries = current_app.config["CALLEE_COUNTRIES"]
    try:
        found = erasure.find(get_db(), subject, countries)
    except (InvalidInput, NotFound) as exc:
        error = _(SAID.get(exc.code, SAID["erase_nobody"]))
        return page("privacy.html", 400, periods=_periods(), values=values, error=error)
    if request.form.get("confirm") != "yes":
        return page("privacy_confirm.html", values=values, found=found)
    counts = erasure.erase(get_db(), subject, f"user:{access.user().email}", countries)
    return redirect(url_for("console.privacy.index", erased=sum(counts.values())))
