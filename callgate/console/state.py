"""A button's state right now, as the list and the editor show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from callgate.calls.figures_sql import day_usage
from callgate.db import get_db
from callgate.db.models import Button, utcnow
from callgate.guardrails import budget
from callgate.guardrails.killswitch import global_on
from callgate.guardrails.opening import button_opening


@dataclass(frozen=True)
class ButtonState:
    """Open or closed now, the switches, and today's use against the daily budget."""

    open: bool
    opens_at: datetime | None
    enabled: bool
    kill_switch: bool
    global_kill: bool
    calls_today: int
    minutes_today: float
    daily_calls: int
    daily_minutes: int

    @property
    def takes_calls(self) -> bool:
        """Tell whether a visitor could call this button right now."""
        within = self.calls_today < self.daily_calls and self.minutes_today < self.daily_minutes
        return (
            self.open and self.enabled and not self.kill_switch and not self.global_kill and within
        )

    @property
    def calls_share(self) -> int:
        """Return today's calls as a percentage of the daily budget (0 to 100)."""
        return min(100, round(100 * self.calls_today / max(1, self.daily_calls)))

    @property
    def minutes_share(self) -> int:
        """Return today's talk minutes as a percentage of the daily budget (0 to 100)."""
        return min(100, round(100 * self.minutes_today / max(1, self.daily_minutes)))


def button_state(button: Button) -> ButtonState:
    """Return `button`'s state now."""
    now, db = utcnow(), get_db()
    opening = button_opening(button, now)
    used = budget.usage(db, button, now)
    return ButtonState(
        open=opening.open,
        opens_at=opening.opens_at,
        enabled=button.enabled,
        kill_switch=button.kill_switch,
        global_kill=global_on(db),
        calls_today=used.calls,
        minutes_today=round(used.seconds / 60, 1),
        daily_calls=button.daily_calls,
        daily_minutes=button.daily_minutes,
    )


def button_states(buttons: list[Button]) -> list[ButtonState]:
    """Return the state now of each of `buttons`: one query for their day's use, one for the
    global switch."""
    now, db = utcnow(), get_db()
    days = {b.id: budget.day_bounds(now, budget.zone(b.timezone)) for b in buttons}
    used = day_usage(db, days, now)
    switch = global_on(db) if buttons else False
    states = []
    for button in buttons:
        opening = button_opening(button, now)
        calls, seconds = used.get(button.id, (0, 0.0))
        states.append(
            ButtonState(
                open=opening.open,
                opens_at=opening.opens_at,
                enabled=button.enabled,
                kill_switch=button.kill_switch,
                global_kill=switch,
                calls_today=calls,
                minutes_today=round(seconds / 60, 1),
                daily_calls=button.daily_calls,
                daily_minutes=button.daily_minutes,
            )
        )
    return states
