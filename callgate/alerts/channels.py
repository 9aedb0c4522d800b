"""A workspace's alert channels: made, listed and removed, each change audited.

`{"kind": "email", "address": …}` (a shared address) or `{"kind": "email"}` for the person
making it (their account's address), `{"kind": "slack", "url": …}` (a Slack-compatible incoming
webhook, checked against SSRF like a webhook endpoint, sealed) or `{"kind": "telegram",
"botToken": …, "chatId": …}` (the token sealed); with `alerts` (a non-empty list of KINDS),
`digestMinutes` (0 sends each alert at once; else at most one message per kind in that many
minutes, up to a day) and `includePhoneNumbers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from callgate.addresses import IPNetwork
from callgate.alerts.kinds import KINDS
from callgate.audit.changes import record_change
from callgate.audit.say import said
from callgate.db.alerts import CHANNEL_KINDS, AlertChannel, AlertMessage
from callgate.errors import InvalidInput, NotFound
from callgate.outbound import urls
from callgate.vault.stored import seal

ADDRESS = re.compile(r"[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
BOT_TOKEN = re.compile(r"[0-9]{3,15}:[A-Za-z0-9_-]{20,100}")
CHAT_ID = re.compile(r"-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31}")
FIELDS = {"kind", "address", "url", "botToken", "chatId", "alerts", "digestMinutes"}
FIELDS |= {"includePhoneNumbers"}
DIGEST_MOST = 24 * 60


class AlertError(InvalidInput):
    """An alert channel's field cannot be used."""

    code = "invalid_alert_channel"
    codes = (
        *("bad_channel_kind", "bad_address", "bad_alerts", "bad_digest", "bad_telegram"),
        *("unknown_fields", "bad_phone_setting", "smtp_not_set"),
    )


def add_channel(
    db: Session,
    workspace_id: int,
    fields: Mapping[str, Any],
    who: tuple[str, int | None, str],
    context: tuple[Iterable[IPNetwork], bool],
) -> AlertChannel:
    """Make a channel of the workspace from `fields` for `who` (actor's name, the person's id
    for their own e-mail, the console language) and commit; `context` is the networks a URL
    may reach and whether an SMTP server is set. Raises AlertError or UnsafeUrl."""
    actor, user_id, language = who
    allowed, smtp = context
    unknown = sorted(set(fields) - FIELDS)
    if unknown:
        raise AlertError(f"unknown fields: {', '.join(unknown)}", code="unknown_fields")
    channel = AlertChannel(
        workspace_id=workspace_id, created_by=actor, language=language, **_settings(fields)
    )
    kind = fields.get("kind")
    if kind == "email":
        _email(channel, fields.get("address"), user_id, smtp)
    elif kind == "slack":
        target = urls.check(fields.get("url"), allowed)
        channel.secret, channel.label = seal(db, target.url), f"Slack-compatible: {target.host}"
    elif kind == "telegram":
        _telegram(db, channel, fields)
    else:
        raise AlertError(f"kind must be one of {', '.join(CHANNEL_KINDS)}", code="bad_channel_kind")
    channel.kind = str(kind)
    db.add(channel)
    db.flush()
    say = said("alert_channel_added", channel=channel.label)
    record_change(db, "alert.create", actor, {"channel": [None, channel.label]}, "alert added", say)
    db.commit()
    return channel


def _settings(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return the channel's alerts, digest interval and phone setting from `fields`."""
    alerts = fields.get("alerts")
    if not isinstance(alerts, list) or not alerts or not set(alerts) <= set(KINDS):
        raise AlertError(f"alerts must be some of {', '.join(KINDS)}", code="bad_alerts")
    digest = fields.get("digestMinutes", 0)
    if isinstance(digest, bool) or not isinstance(digest, int) or not 0 <= digest <= DIGEST_MOST:
        raise AlertError(f"digestMinutes must be 0 to {DIGEST_MOST}", code="bad_digest")
    phones = fields.get("includePhoneNumbers", False)
    if not isinstance(phones, bool):
        raise AlertError("includePhoneNumbers must be true or false", code="bad_phone_setting")
    ordered = [kind for kind in KINDS if kind in alerts]
    return {"alerts": ordered, "digest_minutes": digest, "include_phone_numbers": phones}


def _email(channel: AlertChannel, address: object, user_id: int | None, smtp: bool) -> None:
    if not smtp:
        raise AlertError(
            "e-mail alerts need an SMTP server (CALLGATE_SMTP_HOST)", code="smtp_not_set"
        )
    if address in (None, "") and user_id is not None:
        channel.user_id, channel.target, channel.label = user_id, "", "e-mail: my address"
        return
    if not isinstance(address, str) or len(address) > 254 or not ADDRESS.fullmatch(address):
        raise AlertError("not an e-mail address", code="bad_address")
    channel.target, channel.label = address, f"e-mail: {address}"


def _telegram(db: Session, channel: AlertChannel, fields: Mapping[str, Any]) -> None:
    token, chat = fields.get("botToken"), fields.get("chatId")
    if not isinstance(token, str) or not BOT_TOKEN.fullmatch(token):
        raise AlertError("not a Telegram bot token (123456:ABC…)", code="bad_telegram")
    if not isinstance(chat, str) or not CHAT_ID.fullmatch(chat):
        raise AlertError("not a Telegram chat id (-100123… or @channel)", code="bad_telegram")
    channel.secret, channel.target, channel.label = seal(db, token), chat, f"Telegram: {chat}"


def list_in(db: Session, workspace_ids: list[int]) -> list[AlertChannel]:
    """Return the channels of the workspaces, oldest first."""
    query = select(AlertChannel).where(AlertChannel.workspace_id.in_(workspace_ids))
    return list(db.scalars(query.order_by(AlertChannel.id)))


def remove(db: Session, channel_id: int, workspace_ids: list[int], actor: str) -> None:
    """Remove a channel of the workspaces (and its unsent alerts), audited; raise NotFound."""
    channel = db.get(AlertChannel, channel_id) if 0 < channel_id < 2**31 else None
    if channel is None or channel.workspace_id not in workspace_ids:
        raise NotFound(f"no alert channel {channel_id}")
    say = said("alert_channel_removed", channel=channel.label)
    record_change(
        db, "alert.delete", actor, {"channel": [channel.label, None]}, "alert removed", say
    )
    # SQLite does not cascade: the unsent alerts go explicitly, on either database.
    db.execute(delete(AlertMessage).where(AlertMessage.channel_id == channel.id))
    db.delete(channel)
    db.commit()
