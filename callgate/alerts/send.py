"""Sending one alert message: e-mail over SMTP with STARTTLS, or a chat message to a
Slack-compatible webhook or through a Telegram bot, each a POST checked against SSRF like a
webhook. Each raises SendError (or OSError, smtplib's errors) when the message did not go."""

from __future__ import annotations

import json
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import make_msgid

from callgate.addresses import IPNetwork
from callgate.alerts.render import Message
from callgate.errors import CallgateError
from callgate.outbound.post import post

TIMEOUT = 10.0


class SendError(CallgateError):
    """The message could not be sent: no SMTP server set, or the other side said no."""

    code = "alert_not_sent"


def email(config: Mapping[str, object], to: str, message: Message) -> None:
    """Send `message` to `to` through the configured SMTP server, over STARTTLS unless the
    operator chose CALLGATE_SMTP_TLS=none (a relay on the same host); never in clear with a
    password."""
    host, tls = config.get("SMTP_HOST"), config.get("SMTP_TLS", "starttls")
    if not host:
        raise SendError("no SMTP server is set (CALLGATE_SMTP_HOST)")
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = message.subject, str(config["SMTP_FROM"]), to
    mail["Message-ID"] = make_msgid(domain=str(config["SMTP_FROM"]).rpartition("@")[2] or None)
    mail.set_content(message.text)
    mail.add_alternative(message.html, subtype="html")
    port = int(str(config.get("SMTP_PORT") or 587))
    with smtplib.SMTP(str(host), port, timeout=TIMEOUT) as smtp:
        if tls != "none":
            cafile = config.get("SMTP_CAFILE")
            smtp.starttls(
                context=ssl.create_default_context(cafile=str(cafile) if cafile else None)
            )
        if config.get("SMTP_USER"):
            smtp.login(str(config["SMTP_USER"]), str(config.get("SMTP_PASSWORD") or ""))
        smtp.send_message(mail)


def slack(url: str, message: Message, allowed: Iterable[IPNetwork]) -> None:
    """POST `message` as `{"text"}` to a Slack-compatible incoming webhook."""
    text = f"*{message.subject}*\n{message.text}"
    _answered(post(url, json.dumps({"text": text}).encode(), {}, allowed))


def telegram(api: str, token: str, chat: str, message: Message, allowed: Iterable[IPNetwork]):
    """Send `message` to `chat` through the bot `token` (the Bot API's sendMessage)."""
    text = f"{message.subject}\n\n{message.text}"
    body = {"chat_id": chat, "text": text, "disable_web_page_preview": True}
    url = f"{api.rstrip('/')}/bot{token}/sendMessage"
    _answered(post(url, json.dumps(body).encode(), {}, allowed))


def _answered(status: int) -> None:
    if not 200 <= status < 300:
        raise SendError(f"HTTP {status}")
