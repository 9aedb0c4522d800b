"""The INVITE the gateway would send for a call: request line, From with the display name, and
the extra headers the `/call` answer gave (`sipHeaders`, "Name: value" strings).

A header that is not one well-formed line is left out and listed as refused, as a careful SIP
stack would; the tests read both, so a value that could split a header shows up either way.
"""

from __future__ import annotations

import re

HEADER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}: [^\x00-\x1f\x7f\u0085\u2028\u2029]{0,1000}")


def headers_of(value: object) -> tuple[list[str], list[str]]:
    """Split `sipHeaders` into the well-formed headers and the refused ones (as text)."""
    if not isinstance(value, list):
        return [], [] if value in (None, {}) else [repr(value)]
    good = [h for h in value if isinstance(h, str) and HEADER.fullmatch(h)]
    return good, [repr(h) for h in value if h not in good]


def render(call: dict, connection: dict) -> tuple[str, list[str]]:
    """Return the INVITE's text and the refused headers."""
    domain, login = connection.get("sipDomain"), connection.get("sipLogin")
    name = call.get("visibleName") or ""
    shown = f'"{name}" ' if isinstance(name, str) and name else ""
    good, refused = headers_of(call.get("sipHeaders"))
    lines = [
        f"INVITE sip:{call.get('callee')}@{domain} SIP/2.0",
        f"From: {shown}<sip:{login}@{domain}>",
        f"To: <sip:{call.get('callee')}@{domain}>",
        *good,
    ]
    return "\r\n".join(lines), refused
