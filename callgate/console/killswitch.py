"""The kill switch: stop every call (admins) or one button's, with a confirmation step.

It is the CLI's switch (guardrails/killswitch.py): a database row read on every request, so
the next token, connect or call is refused.
"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.console import access
from callgate.console.base import page
from callgate.console.state import button_state
from callgate.db import get_db
from callgate.guardrails import killswitch

bp = Blueprint("killswitch", __name__)


@bp.get("/killswitch")
def index() -> ResponseReturnValue:
    """Show the global switch and each visible button's."""
    rows = [(b, button_state(b), access.can_edit(b)) for b in access.visible_buttons()]
    return page("killswitch.html", global_on=killswitch.global_on(get_db()), rows=rows)


@bp.post("/killswitch")
def switch() -> ResponseReturnValue:
    """Ask to confirm, then throw the switch (global for admins, a button's for its editors)."""
    button_id = request.form.get("button") or None
    on = request.form.get("on") == "1"
    button = access.button_to_edit(button_id) if button_id else None
    if button is None:
        access.require_admin()
    if request.form.get("confirm") != "yes":
        return page("killswitch_confirm.html", button=button, on=on)
    killswitch.switch(get_db(), on, button.id if button else None, actor=access.actor())
    return redirect(url_for("console.killswitch.index", done="on" if on else "off"))
