"""The button's built-in texts in English and Russian, and how one language is chosen."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "call": "Call us",
        "connecting": "Connecting…",
        "ringing": "Ringing…",
        "incall": "In call",
        "ended": "Call ended",
        "hangup": "Hang up",
        "mute": "Mute",
        "unmute": "Unmute",
        "retry": "Call again",
        "close": "Close",
        "unavailable": "Calls are not available right now",
        "mic": "Allow microphone access to call",
        "nomic": "No microphone found",
        "notallowed": "Calls are not enabled for this site",
        "gateway": "Cannot reach the call service",
        "rejected": "The call was not accepted",
        "expired": "The call took too long to start",
        "busy": "The line is busy",
        "failed": "The call failed",
        "closed": "We are closed right now. Please call during our opening hours.",
        "keypad": "Keypad",
    },
    "ru": {
        "call": "Позвонить нам",
        "connecting": "Соединение…",
        "ringing": "Вызов…",
        "incall": "Разговор",
        "ended": "Звонок завершён",
        "hangup": "Завершить",
        "mute": "Выключить микрофон",
        "unmute": "Включить микрофон",
        "retry": "Позвонить ещё раз",
        "close": "Закрыть",
        "unavailable": "Звонки сейчас недоступны",
        "mic": "Разрешите доступ к микрофону, чтобы позвонить",
        "nomic": "Микрофон не найден",
        "notallowed": "Звонки с этого сайта не разрешены",
        "gateway": "Сервис звонков недоступен",
        "rejected": "Звонок не принят",
        "expired": "Звонок не успел начаться",
        "busy": "Линия занята",
        "failed": "Звонок не удался",
        "closed": "Сейчас мы не работаем. Позвоните, пожалуйста, в рабочее время.",
        "keypad": "Клавиатура",
    },
}
TEXT_KEYS = tuple(TEXTS["en"])


def pick_language(configured: str, requested: str | None) -> str:
    """Return the language to show: the button's, or for `auto` the page's if we have it."""
    if configured != "auto":
        return configured
    wanted = (requested or "")[:2].lower()
    return wanted if wanted in TEXTS else "en"


def texts_for(language: str, overrides: dict[str, str]) -> dict[str, str]:
    """Return every text in `language`, with the owner's overrides on top."""
    return TEXTS.get(language, TEXTS["en"]) | {k: v for k, v in overrides.items() if v}
