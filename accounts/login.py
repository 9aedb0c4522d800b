"""Logging in: throttle, then check the password (and later the code), audit every outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from accounts import passwords, throttle, totp, users
from audit.trail import record
from db.accounts import User
from errors import Refused


class LoginFailed(Refused):
    """The e-mail address, the password or the code is wrong (which one is not said)."""

    code = "login_failed"


def authenticate(
    db: Session, email: str, password: str, address: str | None, now: datetime
) -> User:
    """Return the active user whose password this is; raise LoginFailed or LoginThrottled.

    Over the throttle the attempt is refused before the password is even looked at.
    """
    counters = throttle.keys(address, email)
    try:
        throttle.check(db, counters, now)
    except throttle.LoginThrottled as exc:
        record(db, "login", "refused", f"{exc.message}: {email[:80]}", client_ip=address)
        raise
    user = users.find(db, email) if email else None
    if not passwords.verify(user.password_hash if user else None, password) or user is None:
        throttle.fail(db, counters, now)
        record(db, "login", "refused", f"wrong password: {email[:80]}", client_ip=address)
        raise LoginFailed("wrong e-mail address or password")
    if user.disabled:
        record(db, "login", "refused", f"account disabled: {user.email}", client_ip=address)
        raise LoginFailed("wrong e-mail address or password")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        db.commit()
    return user


def second_factor(db: Session, user: User, code: str, address: str | None, now: datetime) -> None:
    """Check the TOTP code of a user whose password passed; raise LoginFailed or LoginThrottled."""
    counters = throttle.keys(address, user.email)
    throttle.check(db, counters, now)
    if not totp.verify(db, user, code, now):
        throttle.fail(db, counters, now)
        record(db, "login", "refused", f"wrong code: {user.email}", client_ip=address)
        raise LoginFailed("wrong code")


def succeeded(db: Session, user: User, address: str | None, now: datetime) -> None:
    """Record a completed login and forget the account's failures."""
    user.last_login_at = now
    db.commit()
    throttle.clear(db, throttle.keys(address, user.email)[1])
    record(db, "login", "allowed", user.email, client_ip=address)
