"""Login throttling shared by every worker: failures per address and per account in the database.

After MAX_FAILURES failed logins within WINDOW, from one address or for one account, every
further attempt is refused (even with the right password) until the oldest failure ages out.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.accounts import LoginFailure
from errors import Refused

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


class LoginThrottled(Refused):
    """Too many failed logins from this address or for this account; try again later."""

    code = "login_throttled"

    def __init__(self, retry_after: int, key_kind: str) -> None:
        super().__init__(f"too many failed logins ({key_kind})")
        self.retry_after = retry_after
        self.key_kind = key_kind


def keys(address: str | None, email: str) -> list[str]:
    """Return the counters a login attempt counts against: its address and the account."""
    return [f"ip:{(address or 'unknown')[:64]}", f"account:{email.strip().lower()[:254]}"]


def check(db: Session, counters: list[str], now: datetime) -> None:
    """Raise LoginThrottled if any counter has MAX_FAILURES failures within WINDOW of `now`."""
    since = now - WINDOW
    for key in counters:
        count, oldest = db.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                LoginFailure.key == key, LoginFailure.at > since
            )
        ).one()
        if count >= MAX_FAILURES:
            wait = (oldest + WINDOW - now).total_seconds()
            raise LoginThrottled(max(1, math.ceil(wait)), key.split(":", 1)[0])


def fail(db: Session, counters: list[str], now: datetime) -> None:
    """Count one failed login against each counter, and forget failures older than WINDOW."""
    db.execute(delete(LoginFailure).where(LoginFailure.at <= now - WINDOW))
    db.add_all(LoginFailure(key=key, at=now) for key in counters)
    db.commit()


def clear(db: Session, counter: str) -> None:
    """Forget the failures of one counter (the account, after a successful login)."""
    db.execute(delete(LoginFailure).where(LoginFailure.key == counter))
    db.commit()
