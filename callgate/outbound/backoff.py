"""When to try again: the wait doubles from 30 s to at most an hour between tries, and a
message is given up 24 hours after it was made (webhooks, alerts)."""

from __future__ import annotations

from datetime import timedelta

FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
GIVE_UP = timedelta(hours=24)


def wait_after(attempts: int) -> timedelta:
    """Return how long to wait after `attempts` failed tries."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)
