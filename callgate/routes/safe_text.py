"""Text from the page made safe for a SIP header or display name: one line of printable
characters without quotes, backslashes, semicolons or angle brackets, length-capped."""

from __future__ import annotations

import unicodedata

#: Kept out of any text that reaches SIP: quoting, escaping, parameter and URI delimiters.
UNSAFE = frozenset('"<>\\;')


def clean_text(value: object, most: int) -> str:
    """Return `value` as one line of printable text without SIP delimiters, at most `most` long."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value[: most * 8])
    kept = "".join(ch if ch.isprintable() and ch not in UNSAFE else " " for ch in text)
    return " ".join(kept.split())[:most].strip()
