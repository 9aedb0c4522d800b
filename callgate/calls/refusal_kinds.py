"""Why an attempt was refused, in one of a few categories the console counts and explains.

Every refusal's audit row keeps its error's code (the widget's token and callback refusals,
the hooks' connect and call); this table gives each code its category. Old rows got their
code once from their wording (migration 0024_refusal_codes); no text is read here. Whether a
closed button was closed for its hours or a holiday is read from the button's calendar.
"""

from __future__ import annotations

from datetime import datetime

from callgate.db.models import Button
from callgate.guardrails.budget import zone

CATEGORIES = ("origin", "hours", "holiday", "budget", "limit", "kill_switch", "token", "other")
#: The category of each refusal code; "closed" is "hours" or "holiday" by the calendar.
BY_CODE = {
    "origin_not_allowed": "origin",
    "closed": "closed",
    "kill_switch": "kill_switch",
    "budget_exhausted": "budget",
    "too_many_calls": "limit",
    "rate_limited_ip": "limit",
    "rate_limited_prefix": "limit",
    "rate_limited_button": "limit",
    "rate_limited_global": "limit",
    "rate_limited_others": "limit",
    "limits_unavailable": "limit",
    "bad_token": "token",
    "token_expired": "token",
    "token_used": "token",
    "token_bound": "token",
}


def category(code: str | None, button: Button | None, at: datetime) -> str:
    """Return the category of a refusal with `code`, about `button`, made at `at`."""
    found = BY_CODE.get(code or "", "other")
    return _closed_kind(button, at) if found == "closed" else found


def _closed_kind(button: Button | None, at: datetime) -> str:
    if button is None:
        return "hours"
    local_day = at.astimezone(zone(button.timezone)).date().isoformat()
    return "holiday" if local_day in (button.holidays or []) else "hours"
