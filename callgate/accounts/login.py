"""Logging in: limits first, then the password (and later the code); every outcome audited.

Over a limit the attempt is refused before the password is even looked at, and the refusal
is counted in its network's row for the minute (a flood adds a bounded number of rows).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from callgate.accounts import passwords, throttle, totp, users
from callgate.addresses import network_of, parse_ip
from callgate.audit.trail import SAY, record, record_repeated, said
from callgate.db.accounts import User
from callgate.errors import Refused
from callgate.ratelimit.login import Attempt, LoginLimiter


class LoginFailed(Refused):
    """The e-mail address, the password or the code is wrong (which one is not said)."""

    code = "login_failed"


def authenticate(db: Session, limiter: LoginLimiter, attempt: Attempt, password: str) -> User:
    """Return the active user whose password this is; raise LoginFailed or LoginThrottled.

    The attempt counts against its limits and takes a failure slot before the password is
    checked; the slot is given back when the password is right.
    """
    key = attempt.failure_key()
    try:
        throttle.admit(limiter, attempt)
        with throttle.checking(limiter, key):
            user = users.find(db, attempt.email) if attempt.email else None
            valid = passwords.verify(user.password_hash if user else None, password)
    except throttle.LoginThrottled as exc:
        refused_repeatedly(db, exc, attempt.address)
        raise
    if not valid or user is None:
        who = attempt.email[:80]
        _refused(
            db, f"wrong password: {who}", said("login_wrong_password", who=who), attempt.address
        )
        raise LoginFailed("wrong e-mail address or password")
    if user.disabled:
        details = said("login_account_disabled", who=user.email)
        _refused(db, f"account disabled: {user.email}", details, attempt.address)
        raise LoginFailed("wrong e-mail address or password")
    limiter.give_back(key)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        db.commit()
    return user


def second_factor(
    db: Session, limiter: LoginLimiter, user: User, code: str, address: str | None, now: datetime
) -> None:
    """Check the TOTP code of a user whose password passed; raise LoginFailed or LoginThrottled.

    Each check takes one of the user's failure slots first (five per 15 minutes).
    """
    key = f"code:{user.id}"
    try:
        throttle.take_slot(limiter, key)
    except throttle.LoginThrottled as exc:
        refused_repeatedly(db, exc, address)
        raise
    if not totp.verify(db, user, code, now):
        _refused(db, f"wrong code: {user.email}", said("login_wrong_code", who=user.email), address)
        raise LoginFailed("wrong code")
    limiter.give_back(key)


def succeeded(db: Session, user: User, address: str | None, now: datetime) -> None:
    """Record a completed login (its time is the user's last login)."""
    user.last_login_at = now
    db.commit()
    record(
        db, "login", "allowed", user.email, client_ip=address, details=said("login", who=user.email)
    )


def refused_repeatedly(db: Session, exc: throttle.LoginThrottled, address: str | None) -> None:
    """Count a throttled attempt in its network's row for this minute."""
    parsed = parse_ip(address)
    source = network_of(parsed) if parsed else None
    record_repeated(db, "login", exc.message, source, details={SAY: exc.said}, code=exc.code)


def _refused(db: Session, reason: str, details: dict, address: str | None) -> None:
    record(
        db, "login", "refused", reason, client_ip=address, code=LoginFailed.code, details=details
    )


def confirm(
    db: Session, limiter: LoginLimiter, user: User, password: str, code: str, now: datetime
) -> bool:
    """Tell whether a logged-in user proved it is them: their password, or a current code.

    For changes a stolen session alone must not make (a new password, the second factor off);
    the checks take the user's own failure slots (five per 15 minutes) and a check place.
    """
    key = f"confirm:{user.id}"
    with throttle.checking(limiter, key):
        proven = bool(password) and passwords.verify(user.password_hash, password)
    proven = proven or bool(code) and totp.verify(db, user, code, now)
    if proven:
        limiter.give_back(key)
    return proven
