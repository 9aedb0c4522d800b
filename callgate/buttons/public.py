"""The public widget config of a button: the one builder for the widget's endpoint and preview.

`GET /api/v1/buttons/<id>` (widget/public.py) builds it from a stored button, the console's
preview (console/preview.py) from the editor's unsaved values. The fields it shows are those
with a `public` key in the field table (buttons/fields.py); language, texts and hours are said
for the visitor. Whether the button is open now, busy, and which SDK to load come from the
caller, which knows the time, the database and the installed assets.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from callgate.buttons.fields import FIELDS
from callgate.buttons.schedule import format_hours
from callgate.buttons.texts import pick_language, texts_for

#: The fields the public config shows, by name, each under its public key.
PUBLIC = {field.name: field.public for field in FIELDS if field.public is not None}
#: What decides whether a button is open (guardrails/opening.py reads them).
OPENING = ("timezone", "schedule", "holidays")


def values_of(button: object) -> dict[str, Any]:
    """Return the fields of `button` the public config and its opening read."""
    return {name: getattr(button, name) for name in (*PUBLIC, *OPENING)}


def language_for(values: Mapping[str, Any], visitor_language: str | None) -> str:
    """Return the language the widget speaks: the button's, or the visitor's when `auto`."""
    return pick_language(values["language"], visitor_language)


def public_config(
    button_id: str,
    values: Mapping[str, Any],
    language: str,
    *,
    is_open: bool,
    opens_at: datetime | None,
) -> dict[str, Any]:
    """Return the public config of a button with `values` (by field name), in `language`.

    Every public field under its key; the texts in `language` with the owner's overrides and
    closed message; the hours in words (None when never open). The caller adds `busy` and
    `sdk` (and the preview its state).
    """
    body = {"id": button_id} | {key: values.get(name) for name, key in PUBLIC.items()}
    closed = {"closed": values["closed_message"]} if values.get("closed_message") else {}
    texts = texts_for(language, dict(values.get("texts") or {}) | closed)
    hours = format_hours(values["schedule"])
    return body | {
        "language": language,
        "texts": texts,
        "open": is_open,
        "opensAt": opens_at.isoformat() if opens_at else None,
        "closedMessage": texts["closed"],
        "hours": None if hours == "closed" else hours,
    }
