"""What the owner can be alerted about, and which event says it.

Alerts come from the same events as the webhooks (webhooks/events.py), read once more: a call
that ended unanswered is a missed call; a callback request, a button out of budget and an
unreachable gateway are alerts as they are. A webhook endpoint that starts failing is said by
the outbox itself. Budget and gateway alerts come at most once a day per button and channel.
"""

from __future__ import annotations

from typing import Any

#: The alerts a channel may ask for, in the order the console lists them.
KINDS = ("missed_call", "callback", "budget", "gateway", "webhook_failing")
#: Alerts said once a day per button, however often their event comes.
DAILY = frozenset({"budget", "gateway"})
EVENTS = {
    "callback.requested": "callback",
    "budget.exhausted": "budget",
    "gateway.unreachable": "gateway",
    "webhook.failing": "webhook_failing",
}


def kind_of(event: str, data: dict[str, Any]) -> str | None:
    """Return the alert `event` with `data` makes, or None if it makes none."""
    if event == "call.ended":
        return "missed_call" if data.get("answeredAt") is None else None
    return EVENTS.get(event)
