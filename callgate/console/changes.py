"""An audit row as a person reads it: what kind of event, who acted, which fields changed how.

Any row whose details hold {"changes": {field: [old, new] | "changed"}} is shown the same way,
whichever part of Callgate wrote it (buttons, switches, accounts): known fields by their
console names, others by their own, values in words, a secret only as "changed".
"""

from __future__ import annotations

from dataclasses import dataclass

from callgate.buttons.fields import FIELDS as TABLE
from callgate.buttons.schedule import format_hours
from callgate.console.button_form import duration_text
from callgate.console.field_errors import shown
from callgate.console.i18n import gettext as _

#: The console's name for each field a change may name (the editor's words).
FIELDS = {field.name: field.words for field in TABLE} | {
    "workspace_id": "Workspace",
    "kill_switch": "Kill switch",
    "global_kill_switch": "Kill switch for every button",
    "role": "Role",
    "email": "E-mail address",
    "disabled": "Disabled",
    "admin": "Installation admin",
    "workspaces": "Workspaces",
}

#: The console's name for each action of the trail.
ACTIONS = {
    "token": "Call token",
    "connect": "Connect",
    "call": "Call",
    "hangup": "Hang-up",
    "callback": "Callback request",
    "killswitch": "Kill switch",
    "login": "Login",
    "watchdog": "Watchdog",
    "button.create": "Button created",
    "button.update": "Button changed",
    "button.delete": "Button deleted",
    "button.identity": "Identity secret",
    "apikey.create": "API key created",
    "apikey.revoke": "API key revoked",
    "api": "API request",
    "account": "Account",
    "erasure": "Erasure",
}


@dataclass(frozen=True)
class Change:
    """One changed field: its name in words, and its old and new values (None: a secret)."""

    field: str
    old: str | None
    new: str | None


def shape(changes: list[Change]) -> str:
    """Return "created" (every field was unset before), "deleted" (unset after) or "changed"."""
    if changes and all(c.old == "–" for c in changes if c.old is not None):
        return "created"
    if changes and all(c.new == "–" for c in changes if c.new is not None):
        return "deleted"
    return "changed"


def action_name(action: str) -> str:
    """Return an action of the trail in this request's language (unknown ones as they are)."""
    return _(ACTIONS[action]) if action in ACTIONS else action


def actor_name(actor: str | None) -> str:
    """Return who acted, in words: a console user's address, the command line, an API key."""
    if not actor:
        return ""
    if actor == "cli":
        return _("command line")
    kind, _colon, name = actor.partition(":")
    return _("API key %(name)s", name=name) if kind == "apikey" else name


def changes_of(details: object, workspaces: dict[int, str]) -> list[Change]:
    """Return the changes an audit row's details name, in the order they were recorded."""
    found = details.get("changes") if isinstance(details, dict) else None
    if not isinstance(found, dict):
        return []
    said = []
    for field, values in found.items():
        name = _(FIELDS[field]) if field in FIELDS else str(field).replace("_", " ")
        if isinstance(values, list) and len(values) == 2:
            old, new = (_value(field, value, workspaces) for value in values)
            said.append(Change(name, old, new))
        else:
            said.append(Change(name, None, None))
    return said


def _value(field: str, value: object, workspaces: dict[int, str]) -> str:
    """Return a recorded value in words: on/off, lists joined, hours and lengths as written."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if field == "schedule" and isinstance(value, dict):
        return format_hours(value)
    if field == "max_duration" and isinstance(value, int):
        return duration_text(value)
    if field == "workspace_id" and isinstance(value, int):
        return workspaces.get(value, str(value))
    if isinstance(value, dict):
        return "; ".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return shown(str(value).replace("\n", " ↵ "))
