"""Whether a button is open now and when that changes, as `button create` and `show` print it."""

from __future__ import annotations

from datetime import datetime

from callgate.db.models import Button, utcnow
from callgate.guardrails.opening import button_opening, closes_at


def opening_now(button: Button, now: datetime | None = None) -> dict:
    """Return `{"open", "opensAt", "closesAt"}` at `now`, times in the button's time zone."""
    now = now or utcnow()
    state = button_opening(button, now)
    closing = (
        closes_at(button.timezone, button.schedule, button.holidays, now) if state.open else None
    )
    return {
        "open": state.open,
        "opensAt": state.opens_at.isoformat() if state.opens_at else None,
        "closesAt": closing.isoformat() if closing else None,
    }


def opening_text(data: dict, timezone: str) -> str:
    """Say in one line whether the button takes calls now, and until or from when."""
    if data["open"]:
        if data["closesAt"]:
            return f"open now: yes, until {_when(data['closesAt'], timezone)}"
        return "open now: yes, with no closing scheduled within a year"
    if data["opensAt"]:
        return f"open now: no, opens {_when(data['opensAt'], timezone)}"
    return "open now: no, and no opening is scheduled (see --hours and --holiday)"


def _when(iso: str, timezone: str) -> str:
    moment = datetime.fromisoformat(iso)
    return f"{moment:%a %Y-%m-%d %H:%M} {timezone} ({iso[-6:]})"
