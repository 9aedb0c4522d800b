"""A button's call limits: their bounds, durations as people write them, and how they show."""

from __future__ import annotations

import re

from callgate.db.models import Button
from callgate.errors import InvalidInput

DAY = 24 * 60 * 60
#: field -> (what the owner calls it, lowest, highest allowed value)
BOUNDS = {
    "max_concurrent": ("max concurrent calls", 1, 100),
    "max_duration": ("max duration in seconds", 1, DAY),
    "daily_calls": ("daily calls", 1, 100_000),
    "daily_minutes": ("daily minutes", 1, 100 * DAY // 60),
}
_DURATION = re.compile(r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")


class DurationError(InvalidInput, ValueError):
    """A duration is not seconds nor like 90s, 15m, 1h30m (a ValueError too, for click)."""

    code = "bad_duration"


def parse_duration(text: str) -> int:
    """Return the seconds in `900`, `90s`, `15m`, `1h` or `1h30m`; raise DurationError."""
    text = text.strip().lower()
    if text.isascii() and text.isdigit():
        return int(text)
    match = _DURATION.fullmatch(text)
    if not match or not any(match.groups()):
        raise DurationError(
            f"duration {text!r} must be seconds, or like 90s, 15m, 1h30m", value=text
        )
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def duration_text(seconds: int) -> str:
    """Return seconds the way people write them here: 15m, 1h30m, 90s."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if n) or "0s"


def describe(button: Button) -> dict[str, int]:
    """Return the button's limits as `button show` prints them."""
    return {
        "maxConcurrent": button.max_concurrent,
        "maxDuration": button.max_duration,
        "dailyCalls": button.daily_calls,
        "dailyMinutes": button.daily_minutes,
    }
