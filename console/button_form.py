"""The button editor's form, read into button fields with the CLI's parsing and checks.

Each field is checked on its own by buttons/validate.py (the same code `flask button` runs), so
every error is shown next to its field and nothing is stored until all of them pass. The errors
come back as raised, with their codes, for the console to say in its own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from werkzeug.datastructures import MultiDict

from buttons import validate
from buttons.call_limits import parse_duration
from buttons.callee import CalleeRules
from buttons.schedule import format_hours, parse_hours
from buttons.texts import TEXT_KEYS
from db.models import Button
from errors import CallgateError, InvalidInput
from ratelimit.rules import BUTTON_KINDS, parse_pairs

TEXT_FIELDS = (
    *("name", "gateway_url", "app_key", "callee", "sip_login", "sip_auth_name", "sip_domain"),
    *("sip_outbound_proxy", "label", "color", "text_color", "position", "language"),
    *("timezone", "closed_message", "fallback", "consent_text"),
)
NUMBER_FIELDS = ("sip_port", "max_concurrent", "daily_calls", "daily_minutes")
FLAGS = ("enabled", "sip_register", "dtmf", "precheck", "callback", "rating")
REQUIRED = ("name", "origins", "gateway_url", "callee", "sip_login")
#: Left out when empty, so the store's default applies (the CLI's behaviour without the option).
DEFAULTED = {"app_key": "callgate", "color": "#0b6e4f", "text_color": "#ffffff"}


class FormError(InvalidInput):
    """A required field of the form is empty, or a number field holds no whole number."""

    codes = ("required", "not_a_number")


def _number(text: str) -> int:
    if not re.fullmatch(r"\s*[0-9]{1,9}\s*", text):
        raise FormError(f"{text!r} is not a whole number", code="not_a_number", value=text)
    return int(text)


def _lines(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text) if part]


def read_texts(form: MultiDict) -> dict[str, str]:
    """Return the text overrides the form fills in (`text_<key>`), empty ones left out."""
    found = {key: form.get(f"text_{key}", "").strip() for key in TEXT_KEYS}
    return {key: text for key, text in found.items() if text}


def _limits(form: MultiDict) -> dict[str, str]:
    return parse_pairs(f"{kind}={form.get(f'limit_{kind}', '').strip()}" for kind in BUTTON_KINDS)


READERS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "origins": ("origins", lambda form: _lines(form.get("origins", ""))),
    "schedule": ("hours", lambda form: parse_hours(form.get("hours", ""))),
    "holidays": ("holidays", lambda form: _lines(form.get("holidays", ""))),
    "max_duration": ("max_duration", lambda form: parse_duration(form.get("max_duration", ""))),
    "texts": ("texts", read_texts),
    "token_limits": ("limits", _limits),
}


def read(
    form: MultiDict, creating: bool, rules: CalleeRules
) -> tuple[dict, dict[str, CallgateError]]:
    """Return the checked button fields in `form` and the errors by form field name."""
    raw: dict[str, tuple[str, Callable[[], object]]] = {}
    for name in TEXT_FIELDS:
        text = form.get(name, "")
        if text.strip() or name not in DEFAULTED:
            raw[name] = (name, partial(str, text))
        elif not creating:
            raw[name] = (name, partial(str, DEFAULTED[name]))
    for name in NUMBER_FIELDS:
        if form.get(name, "").strip():
            raw[name] = (name, partial(_number, form.get(name, "")))
    for name in FLAGS:
        raw[name] = (name, partial(bool, form.get(name) == "on"))
    for name, (field, reader) in READERS.items():
        if name != "max_duration" or form.get(field, "").strip():
            raw[name] = (field, partial(reader, form))
    password = form.get("sip_password", "")
    if password or creating:
        raw["sip_password"] = ("sip_password", partial(str, password))
    return _check(raw, rules)


def _check(
    raw: dict[str, tuple[str, Callable[[], object]]], rules: CalleeRules
) -> tuple[dict, dict[str, CallgateError]]:
    fields: dict = {}
    errors: dict[str, CallgateError] = {}
    for name, (field, value) in raw.items():
        try:
            parsed = value()
            if name in REQUIRED + ("sip_password",) and parsed in ("", []):
                raise FormError(f"{field} is required", code="required")
            fields.update(validate.clean({name: parsed}, rules))
        except CallgateError as exc:
            errors.setdefault(field, exc)
    return fields, errors


def duration_text(seconds: int) -> str:
    """Return seconds the way the form shows them: 15m, 1h30m, 90s."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if n) or "0s"


def values_of(button: Button | None) -> dict[str, Any]:
    """Return what the form shows for `button` (or a new one): never the SIP password."""
    if button is None:
        return {
            "enabled": True,
            "hours": "mon-fri 08:00-20:00",
            "timezone": "UTC",
            "sip_port": 5060,
        }
    values: dict[str, Any] = {name: getattr(button, name) or "" for name in TEXT_FIELDS}
    values |= {name: getattr(button, name) for name in NUMBER_FIELDS + FLAGS}
    values |= {
        "origins": "\n".join(button.origins),
        "hours": format_hours(button.schedule),
        "holidays": "\n".join(button.holidays),
        "max_duration": duration_text(button.max_duration),
        "workspace": button.workspace_id,
        **{f"text_{k}": v for k, v in (button.texts or {}).items()},
        **{f"limit_{k}": v for k, v in (button.token_limits or {}).items()},
    }
    return values
