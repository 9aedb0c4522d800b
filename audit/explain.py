"""Why an attempt was refused, in one of a few words the console can count and explain.

The audit trail keeps the reason each face gave (`token` refusals in the widget's wording,
`connect` and `call` in the hooks'); this maps both to one category. Whether a closed button
was closed for its hours or a holiday is read from the button's calendar on that date.
"""

from __future__ import annotations

from datetime import datetime

from buttons.texts import TEXTS
from db.models import Button
from guardrails.budget import zone

CATEGORIES = ("origin", "hours", "holiday", "budget", "limit", "kill_switch", "token", "other")
_EXACT = {
    "this site is not allowed to use this button": "origin",
    "this page's origin is missing or invalid": "origin",
    "origin not allowed": "origin",
    "calls are switched off (kill switch)": "kill_switch",
    "kill switch": "kill_switch",
    "daily budget used": "budget",
    "too many calls": "limit",
    "closed": "closed",
}
_PREFIXES = {"rate limit ": "limit", "token ": "token", "call token ": "token"}
_CLOSED_TEXTS = {texts["closed"] for texts in TEXTS.values()}


def category(reason: str | None, button: Button | None, at: datetime) -> str:
    """Return the category of a refusal with `reason`, about `button`, made at `at`."""
    text = (reason or "").strip()
    found = _EXACT.get(text)
    if found is None:
        found = next((kind for prefix, kind in _PREFIXES.items() if text.startswith(prefix)), None)
    owners = button.closed_message if button is not None else None
    if found is None and (text in _CLOSED_TEXTS or (owners and text == owners)):
        found = "closed"
    if found == "closed":
        return _closed_kind(button, at)
    return found or "other"


def _closed_kind(button: Button | None, at: datetime) -> str:
    if button is None:
        return "hours"
    local_day = at.astimezone(zone(button.timezone)).date().isoformat()
    return "holiday" if local_day in (button.holidays or []) else "hours"
