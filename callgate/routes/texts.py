"""The texts of the short form before a call (route picker, name field), in both languages."""

from __future__ import annotations

CONTEXT_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "pick": "Before you call",
        "pickroute": "Who would you like to talk to?",
        "routeclosed": "{label} (closed now)",
        "routegone": "That line has just closed. Please pick another.",
        "yourname": "Your name",
        "yournameoptional": "Your name (optional)",
        "namerequired": "Please enter your name",
        "start": "Call",
    },
    "ru": {
        "pick": "Перед звонком",
        "pickroute": "С кем вы хотите поговорить?",
        "routeclosed": "{label} (сейчас закрыто)",
        "routegone": "Эта линия только что закрылась. Выберите другую.",
        "yourname": "Ваше имя",
        "yournameoptional": "Ваше имя (необязательно)",
        "namerequired": "Пожалуйста, введите имя",
        "start": "Позвонить",
    },
}


def context_texts(language: str) -> dict[str, str]:
    """Return the form's texts in `language` (English for a language without them)."""
    return CONTEXT_TEXTS.get(language, CONTEXT_TEXTS["en"])
