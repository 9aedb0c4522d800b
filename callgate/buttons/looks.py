"""The look of a button and what it says: position, language, colours, texts, consent notice."""

from __future__ import annotations

import re
from collections.abc import Callable

from callgate.buttons.text_rules import ButtonError, text
from callgate.buttons.texts import TEXT_KEYS

POSITIONS = ("bottom-right", "bottom-left", "inline")
LANGUAGES = ("auto", "en", "ru")


def choice(field: str, allowed: tuple[str, ...]) -> Callable[[object], str]:
    """Return a check that the value is one of `allowed`."""

    def check(value: object) -> str:
        if value not in allowed:
            raise ButtonError(
                f"{field} must be one of {', '.join(allowed)}", code="not_a_choice", allowed=allowed
            )
        return value

    return check


def color(value: object) -> str:
    """Return a `#rrggbb` colour, lowercased."""
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ButtonError(
            f"colour {value!r} must look like #1a2b3c", code="bad_colour", value=value
        )
    return value.lower()


def texts(value: object) -> dict[str, str]:
    """Return text overrides: known keys, non-empty strings of at most 200 characters."""
    if not isinstance(value, dict):
        raise ButtonError("texts must be KEY=TEXT pairs", code="texts_not_pairs")
    for key, said in value.items():
        if key not in TEXT_KEYS:
            raise ButtonError(
                f"unknown text {key!r}; known: {', '.join(TEXT_KEYS)}", code="unknown_text", key=key
            )
        text(f"text {key}", 200, key=key)(said)
    return dict(value)


def consent_text(value: object) -> str | None:
    """Return the consent notice visitors accept before calling ('' clears it): 1000 characters."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 1000:
        raise ButtonError(
            "consent text must be 1 to 1000 characters", code="consent_length", most=1000
        )
    if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", value):
        raise ButtonError(
            "consent text may hold line breaks but no other control characters",
            code="consent_control",
        )
    return value.strip()
