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

from callgate.buttons import validate
from callgate.buttons.call_limits import BOUNDS, duration_text, parse_duration
from callgate.buttons.callee import CalleeRules
from callgate.buttons.field_row import Field
from callgate.buttons.fields import FIELDS as TABLE
from callgate.buttons.parsing import MULTILINE, line_breaks
from callgate.buttons.schedule import format_hours, parse_hours
from callgate.buttons.store import new_values
from callgate.buttons.texts import TEXT_KEYS
from callgate.db.accounts import DEFAULT_WORKSPACE_ID
from callgate.db.models import Button
from callgate.errors import CallgateError, InvalidInput
from callgate.ratelimit.rules import BUTTON_KINDS, parse_pairs

#: The editor's inputs of each kind, from the field table (buttons/fields.py).
TEXT_FIELDS = tuple(f.name for f in TABLE if f.form in ("text", "defaulted", "textarea"))
NUMBER_FIELDS = tuple(f.name for f in TABLE if f.form == "number")
FLAGS = tuple(f.name for f in TABLE if f.form == "flag")
REQUIRED = tuple(f.name for f in TABLE if f.required and f.form != "password")
#: Left out when empty, so the store's default applies (the CLI's behaviour without the option).
DEFAULTED = {f.name: f.default for f in TABLE if f.form == "defaulted"}


class FormError(InvalidInput):
    """A required field of the form is empty, or a number field holds no whole number."""

    codes = ("required", "not_a_number")


#: The bounds of each number field, said with an error (the core checks them).
NUMBER_BOUNDS = {"sip_port": (1, 65535)} | {
    name: (low, high) for name, (_field, low, high) in BOUNDS.items()
}


def _number(name: str, text: str) -> int:
    """Return the whole number typed (a sign allowed, so the range check can say "-3" is out)."""
    if not re.fullmatch(r"\s*[+-]?[0-9]{1,9}\s*", text):
        low, high = NUMBER_BOUNDS[name]
        raise FormError(
            f"{text!r} is not a whole number from {low} to {high}",
            code="not_a_number",
            value=text,
            low=low,
            high=high,
        )
    return int(text)


def typed(form: MultiDict, name: str) -> str:
    """Return the text of field `name` as typed; a textarea's CR LF line breaks made LF."""
    text = form.get(name, "")
    return line_breaks(text) if name in MULTILINE else text


def _lines(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text) if part]


def read_texts(form: MultiDict) -> dict[str, str]:
    """Return the text overrides the form fills in (`text_<key>`), empty ones left out."""
    found = {key: form.get(f"text_{key}", "").strip() for key in TEXT_KEYS}
    return {key: text for key, text in found.items() if text}


def _limits(form: MultiDict) -> dict[str, str]:
    return parse_pairs(f"{kind}={form.get(f'limit_{kind}', '').strip()}" for kind in BUTTON_KINDS)


#: How the editor's inputs of the other kinds are read, each from its input.
KIND_READERS: dict[str, Callable[[MultiDict, str], Any]] = {
    "lines": lambda form, name: _lines(form.get(name, "")),
    "hours": lambda form, name: parse_hours(form.get(name, "")),
    "duration": lambda form, name: parse_duration(form.get(name, "")),
    "texts": lambda form, name: read_texts(form),
    "limits": lambda form, name: _limits(form),
}
#: The input of a field when it is not the field's name.
INPUTS = {"hours": "hours", "limits": "limits"}


def input_name(field: Field) -> str:
    """Return the name of a field's input on the editor's form."""
    return INPUTS.get(field.form or "", field.name)


def reader(field: Field) -> Callable[[MultiDict], Any]:
    """Return what reads `field`'s value from the form, by its form kind."""
    read_kind, name = KIND_READERS[field.form or ""], input_name(field)
    return lambda form: read_kind(form, name)


#: field -> (its input, the reader of its value) for the fields the kinds above read.
READERS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    f.name: (input_name(f), reader(f)) for f in TABLE if f.form in KIND_READERS
}
OPTIONAL_READERS = tuple(f.name for f in TABLE if f.form == "duration")


def read(
    form: MultiDict, creating: bool, rules: CalleeRules
) -> tuple[dict, dict[str, CallgateError]]:
    """Return the checked button fields in `form` and the errors by form field name."""
    raw: dict[str, tuple[str, Callable[[], object]]] = {}
    for name in TEXT_FIELDS:
        text = typed(form, name)
        if text.strip() or name not in DEFAULTED:
            raw[name] = (name, partial(str, text))
        elif not creating:
            raw[name] = (name, partial(str, DEFAULTED[name]))
    for name in NUMBER_FIELDS:
        if form.get(name, "").strip():
            raw[name] = (name, partial(_number, name, form.get(name, "")))
    for name in FLAGS:
        raw[name] = (name, partial(bool, form.get(name) == "on"))
    for name, (field, reader) in READERS.items():
        if name not in OPTIONAL_READERS or form.get(field, "").strip():
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


#: How the editor shows a stored value of each of these kinds.
SHOWN: dict[str, Callable[[Any], str]] = {
    "lines": lambda values: "\n".join(values or []),
    "hours": format_hours,
    "duration": duration_text,
}


def values_of(button: Button | None) -> dict[str, Any]:
    """Return what the form shows for `button` (or a new one): never the SIP password.

    A new button's form shows the defaults every face stores (buttons.store.new_values).
    """
    if button is None:
        button = Button(**new_values(), workspace_id=DEFAULT_WORKSPACE_ID)
    values: dict[str, Any] = {name: getattr(button, name) or "" for name in TEXT_FIELDS}
    values |= {name: getattr(button, name) for name in NUMBER_FIELDS + FLAGS}
    values |= {
        input_name(f): SHOWN[f.form](getattr(button, f.name)) for f in TABLE if f.form in SHOWN
    }
    values |= {
        "workspace": button.workspace_id,
        **{f"text_{k}": v for k, v in (button.texts or {}).items()},
        **{f"limit_{k}": v for k, v in (button.token_limits or {}).items()},
    }
    return values
