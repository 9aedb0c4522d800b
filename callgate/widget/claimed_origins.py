"""The origin a refused page claimed, as the audit trail keeps it and the console shows it.

Anyone can send any `Origin` header, so what is kept is bounded and printable: the normalized
origin if it is one, else at most SHORT characters of it with control characters escaped.
"""

from __future__ import annotations

import re

from callgate.buttons.origins import OriginError, parse_origin

SHORT = 100
# C0, DEL and C1: a header's bytes arrive as Latin-1, so 0x80-0x9f are possible too.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def claimed_origin(text: str | None) -> str | None:
    """Return `text` fit to record: normalized if it parses, else cut and escaped; None if empty."""
    if not text:
        return None
    try:
        return str(parse_origin(text))
    except OriginError:
        shown = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text[:SHORT])
        return shown[:SHORT] + ("…" if len(shown) > SHORT or len(text) > SHORT else "")
