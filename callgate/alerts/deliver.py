"""Sending the due alerts, by the watchdog's lease holder: per channel and kind, every pending
alert goes in one message (a digest when there are several); a channel with a digest interval
gets at most one message of a kind per interval. A message that could not go is tried again
with the webhooks' backoff, and given up after 24 hours; the channel then shows it is failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from callgate.addresses import IPNetwork
from callgate.alerts import send
from callgate.alerts.render import Message, render
from callgate.db.accounts import User
from callgate.db.alerts import AlertChannel, AlertMessage
from callgate.db.models import Button
from callgate.errors import CallgateError
from callgate.outbound.backoff import GIVE_UP, wait_after
from callgate.vault import fernet
from callgate.vault.stored import vault_of

#: The most alerts one message gathers; the rest go in the next.
DIGEST_MOST = 50


def deliver_due(
    db: Session,
    now: datetime,
    config: Mapping[str, object],
    allowed: Iterable[IPNetwork],
    holding: Callable[[], bool] = lambda: True,
) -> int:
    """Send the due alerts while `holding()` (the lease), one message per channel and kind;
    return how many messages were tried."""
    due = select(AlertMessage.channel_id, AlertMessage.kind).where(
        AlertMessage.status == "pending", AlertMessage.next_at <= now
    )
    groups = list(db.execute(due.group_by(AlertMessage.channel_id, AlertMessage.kind).limit(50)))
    networks, tried = list(allowed), 0
    for channel_id, kind in groups:
        if not holding():
            break
        channel = db.get(AlertChannel, channel_id)
        if channel is not None and not _held_back(db, channel, kind, now):
            _send_group(db, channel, kind, now, (config, networks))
            tried += 1
        db.commit()
    return tried


def _held_back(db: Session, channel: AlertChannel, kind: str, now: datetime) -> bool:
    """Hold the kind's alerts back until the channel's digest interval since its last message
    has passed; return whether they wait."""
    if channel.digest_minutes <= 0:
        return False
    last = db.scalar(
        select(func.max(AlertMessage.sent_at)).where(
            AlertMessage.channel_id == channel.id, AlertMessage.kind == kind
        )
    )
    until = last + timedelta(minutes=channel.digest_minutes) if last is not None else now
    if until <= now:
        return False
    db.execute(
        update(AlertMessage)
        .where(*_pending(channel.id, kind), AlertMessage.next_at < until)
        .values(next_at=until)
    )
    return True


def _pending(channel_id: int, kind: str) -> tuple:
    return (
        AlertMessage.channel_id == channel_id,
        AlertMessage.kind == kind,
        AlertMessage.status == "pending",
    )


def _send_group(db: Session, channel: AlertChannel, kind: str, now: datetime, how) -> None:
    """Send the channel's pending alerts of `kind` as one message; record how it went."""
    config, networks = how
    query = select(AlertMessage).where(*_pending(channel.id, kind)).order_by(AlertMessage.id)
    alerts = list(db.scalars(query.limit(DIGEST_MOST)))
    ids = {a.button_id for a in alerts if a.button_id}
    names = dict(db.execute(select(Button.id, Button.name).where(Button.id.in_(ids))).all())
    message = render(channel, alerts, names, str(config["PUBLIC_URL"]))
    try:
        _send(db, channel, message, config, networks)
    except (OSError, ValueError, CallgateError) as exc:
        _failed(channel, alerts, f"{type(exc).__name__}: {exc}", now)
        return
    for alert in alerts:
        alert.status, alert.sent_at, alert.attempts = "sent", now, alert.attempts + 1
    channel.failing_since, channel.last_error = None, None


def _send(db: Session, channel: AlertChannel, message: Message, config, networks) -> None:
    """Send `message` the channel's way."""
    if channel.kind == "email":
        user = db.get(User, channel.user_id) if channel.user_id is not None else None
        send.email(config, user.email if user is not None else channel.target, message)
        return
    secret = fernet.decrypt(vault_of(db), channel.secret or "")
    if channel.kind == "slack":
        send.slack(secret, message, networks)
    else:
        send.telegram(str(config["TELEGRAM_API"]), secret, channel.target, message, networks)


def _failed(channel: AlertChannel, alerts: list[AlertMessage], error: str, now: datetime) -> None:
    """Record a failed try: again later with backoff, or given up after 24 hours."""
    channel.last_error = error[:200]
    for alert in alerts:
        alert.attempts += 1
        alert.last_error = error[:200]
        if now - alert.created_at >= GIVE_UP:
            alert.status = "failing"
            channel.failing_since = channel.failing_since or now
        else:
            alert.next_at = now + wait_after(alert.attempts)
