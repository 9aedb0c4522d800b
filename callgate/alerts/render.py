"""One message for one channel: a single alert, or a digest of several, as a subject, plain
text and (for e-mail) HTML. Every value from a visitor or an event is escaped in the HTML and
cut to a sane length; a visitor's phone number is whole only if the channel asked for it."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from callgate.alerts.texts import page_of, words
from callgate.db.alerts import AlertChannel, AlertMessage
from callgate.outbound.phones import for_endpoint

NOTE_MOST = 200


@dataclass(frozen=True)
class Message:
    """What is sent: subject, plain text, HTML (e-mail only uses it)."""

    subject: str
    text: str
    html: str


def render(
    channel: AlertChannel, alerts: Sequence[AlertMessage], names: dict[str, str], base: str
) -> Message:
    """Return the message of `alerts` (one kind, oldest first) for `channel`; `names` gives
    button names by id, `base` the console's public URL."""
    said = words(channel.language)
    lines = [_line(channel, alert, names, base) for alert in alerts]
    subject = _subject(channel, alerts[0], names)
    if len(alerts) > 1:
        subject = said["digest"].format(count=len(alerts), subject=subject)
    text = "\n\n".join(f"{line}\n{link}" for line, link in lines)
    text += "\n\n-- \n" + said["footer"].format(channel=channel.label)
    return Message(subject, text, _html(channel, subject, lines))


def _values(channel: AlertChannel, alert: AlertMessage, names: dict[str, str]) -> dict[str, Any]:
    """Return what the alert's texts are filled with."""
    said = words(channel.language)
    data = for_endpoint(json.loads(alert.data), channel.include_phone_numbers)
    button = names.get(str(data.get("buttonId")), said["unknown_button"])
    note = str(data.get("note") or "")[:NOTE_MOST]
    return {
        "button": button,
        "at": _clock(alert.created_at),
        "status": str(data.get("finalStatus") or "–")[:40],
        "phone": str(data.get("phone") or data.get("phoneMasked") or "–")[:40],
        "note": f"“{note}”" if note else "",
        "error": str(data.get("error") or "–")[:200],
        "url": str(data.get("url") or "–")[:300],
    }


def _subject(channel: AlertChannel, alert: AlertMessage, names: dict[str, str]) -> str:
    return words(channel.language)[alert.kind].format(**_values(channel, alert, names))


def _line(channel: AlertChannel, alert: AlertMessage, names: dict[str, str], base: str):
    """Return (the alert's line, the console link it opens)."""
    line = words(channel.language)[f"{alert.kind}_line"].format(**_values(channel, alert, names))
    return " ".join(line.split()), base.rstrip("/") + page_of(alert.kind, json.loads(alert.data))


def _clock(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def _html(channel: AlertChannel, subject: str, lines: list[tuple[str, str]]) -> str:
    """Return the e-mail's HTML: the subject, each line with its button, the footer."""
    said = words(channel.language)
    items = "".join(
        f'<tr><td style="padding:12px 0;border-top:1px solid #e3e6ea">{html.escape(line)}<br>'
        f'<a href="{html.escape(link)}" style="display:inline-block;margin-top:8px;padding:8px '
        f'14px;background:#0b6e4f;color:#fff;border-radius:6px;text-decoration:none">'
        f"{html.escape(said['open'])}</a></td></tr>"
        for line, link in lines
    )
    footer = html.escape(said["footer"].format(channel=channel.label))
    return (
        f'<!doctype html><html lang="{channel.language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head>"
        '<body style="margin:0;padding:24px;background:#f4f6f8;font:15px/1.5 system-ui,'
        'sans-serif;color:#1c2430"><main><table role="presentation" style="max-width:560px;'
        'margin:0 auto;background:#fff;border-radius:10px;padding:20px 24px;width:100%">'
        '<tr><td style="font-weight:600;color:#0b6e4f">Callgate</td></tr>'
        f'<tr><td><h1 style="font-size:19px;margin:6px 0 4px">{html.escape(subject)}</h1></td></tr>'
        f'{items}<tr><td style="padding-top:16px;font-size:12px;color:#5b6673">{footer}</td>'
        "</tr></table></main></body></html>"
    )
