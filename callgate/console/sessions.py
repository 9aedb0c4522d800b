"""Console sessions in Flask's signed cookie, checked against the database on every request.

The cookie holds the user id, their session version, when the session began and when it was
last used. Raising the version in the database (logout, disable, new password) voids every
cookie at once; idle and absolute lifetimes are checked here, not left to the browser.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, session

from callgate.accounts.users import get
from callgate.db import get_db
from callgate.db.accounts import User
from callgate.db.models import utcnow
from callgate.errors import NotFound

#: How long a password-checked login may wait for its second-factor code.
PENDING = timedelta(minutes=5)
#: Do not rewrite the cookie more often than this just to note activity.
TOUCH = timedelta(seconds=60)


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def start(user: User) -> None:
    """Begin a session for `user` (a new cookie: nothing of an earlier one is kept)."""
    now = _stamp(utcnow())
    session.clear()
    session.permanent = True
    session.update(uid=user.id, ver=user.session_version, iat=now, seen=now)


def start_pending(user: User) -> None:
    """Remember that `user` passed the password and now owes a second-factor code."""
    session.clear()
    session.update(pending=user.id, pending_ver=user.session_version, pending_at=_stamp(utcnow()))


def pending_user() -> User | None:
    """Return the user waiting for a second-factor code, if the wait is not over."""
    started = session.get("pending_at")
    if not isinstance(started, int) or _stamp(utcnow()) - started > PENDING.total_seconds():
        return None
    return _valid(session.get("pending"), session.get("pending_ver"))


def current() -> tuple[User | None, bool]:
    """Return the logged-in user (or None) and whether a session just ran out."""
    if "uid" not in session:
        return None, False
    config, now = current_app.config, _stamp(utcnow())
    idle = config["CONSOLE_IDLE_MINUTES"] * 60
    absolute = config["CONSOLE_SESSION_HOURS"] * 3600
    began, seen = session.get("iat"), session.get("seen")
    user = _valid(session.get("uid"), session.get("ver"))
    if (
        user is None
        or not isinstance(began, int)
        or not isinstance(seen, int)
        or now - began > absolute
        or now - seen > idle
    ):
        session.clear()
        return None, True
    if now - seen >= TOUCH.total_seconds():
        session["seen"] = now
    return user, False


def _valid(user_id: object, version: object) -> User | None:
    try:
        user = get(get_db(), user_id)
    except NotFound:
        return None
    if user.disabled or version != user.session_version:
        return None
    return user


def end() -> None:
    """Forget this browser's session (the caller raises the version to end the others)."""
    session.clear()
