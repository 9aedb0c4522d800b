"""What an alert says, in English and Russian: a subject and one line per alert, each line
with the console page to open. A digest is one message with the lines of several alerts."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "missed_call": "Missed call on “{button}”",
        "missed_call_line": "{at} UTC: a call on “{button}” ended unanswered ({status}).",
        "callback": "Callback request on “{button}”",
        "callback_line": "{at} UTC: {phone} asked “{button}” for a callback. {note}",
        "budget": "“{button}” used its daily budget",
        "budget_line": "{at} UTC: “{button}” used its calls or minutes for today; visitors "
        "are told calls are not available.",
        "gateway": "The gateway of “{button}” could not be reached",
        "gateway_line": "{at} UTC: the call gateway of “{button}” could not be reached ({error}).",
        "webhook_failing": "A webhook endpoint is failing",
        "webhook_failing_line": "{at} UTC: {url} has not accepted an event for 24 hours.",
        "digest": "{count} alerts: {subject} and more",
        "open": "Open in the console",
        "footer": "You get this because of an alert set in Callgate's console ({channel}).",
        "unknown_button": "a removed button",
        "no_note": "",
    },
    "ru": {
        "missed_call": "Пропущенный звонок на «{button}»",
        "missed_call_line": "{at} UTC: звонок на «{button}» закончился без ответа ({status}).",
        "callback": "Просьба перезвонить на «{button}»",
        "callback_line": "{at} UTC: {phone} просит перезвонить («{button}»). {note}",
        "budget": "«{button}» израсходовала дневной бюджет",
        "budget_line": "{at} UTC: «{button}» израсходовала звонки или минуты на сегодня; "
        "посетители видят, что звонки недоступны.",
        "gateway": "Шлюз «{button}» недоступен",
        "gateway_line": "{at} UTC: шлюз звонков «{button}» недоступен ({error}).",
        "webhook_failing": "Адрес вебхука не принимает события",
        "webhook_failing_line": "{at} UTC: {url} не принимает события уже 24 часа.",
        "digest": "Оповещений: {count}. {subject} и другие",
        "open": "Открыть в консоли",
        "footer": "Вы получили это из-за оповещения, настроенного в консоли Callgate ({channel}).",
        "unknown_button": "удалённая кнопка",
        "no_note": "",
    },
}


def words(language: str) -> dict[str, str]:
    """Return the texts of `language` (English for any other)."""
    return TEXTS.get(language, TEXTS["en"])


def page_of(kind: str, data: dict[str, Any]) -> str:
    """Return the console path an alert of `kind` opens."""
    if kind == "missed_call" and isinstance(data.get("callId"), str):
        return f"/console/calls/{data['callId']}"
    if kind == "callback":
        return "/console/callbacks"
    if kind in ("budget", "gateway") and isinstance(data.get("buttonId"), str):
        return f"/console/buttons/{data['buttonId']}"
    if kind == "webhook_failing":
        return "/console/webhooks"
    return "/console/"
