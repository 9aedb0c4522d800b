"""The page a call came from: its path and query made URL-safe, its path alone, and its
campaign, the allow-listed `utm_*` values of its query, which the call keeps when placed, for
the call log and the overview.

The page sends this text; what is kept is URL-safe ASCII (the page) or safe text (a campaign
value, routes/safe_text.py), capped. Nothing is kept in the visitor's browser.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlsplit

from callgate.routes.errors import ContextError
from callgate.routes.safe_text import clean_text

PAGE_MOST = 300
PATH_MOST = 200
#: Characters a stored page keeps as they are; everything else is percent-encoded.
PAGE_SAFE = "/-._~!$&'()*+=:@"
#: The campaign parameters kept, each under its own column of the same name.
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
UTM_MOST = 100
#: How much of a page the widget sent is read (it is then cut to PAGE_MOST).
READ_MOST = 4000


def clean_page(value: object) -> str | None:
    """Return the page's path and query, URL-safe and capped; None for none; raise on a bad one."""
    if value in (None, ""):
        return None
    parts = _split(value)
    page = quote(unquote(parts.path), safe=PAGE_SAFE)
    if parts.query:
        page += "?" + quote(unquote(parts.query), safe=PAGE_SAFE + "?")
    return _cut_escape(page[:PAGE_MOST])


def _split(value: object):
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        raise ContextError("page must be the path of the page, like /pricing", code="bad_page")
    try:
        return urlsplit(value[:READ_MOST])
    except ValueError:
        raise ContextError("page is not a path", code="bad_page") from None


def _cut_escape(text: str) -> str:
    """Drop a percent-escape the cap cut in half."""
    tail = text[-2:]
    return text[: -len(tail) + tail.index("%")] if "%" in tail else text


def path_of(page: str | None, most: int = PATH_MOST) -> str | None:
    """Return the path part of a stored page, capped at `most` characters."""
    return _cut_escape(page.split("?", 1)[0][:most]) if page else None


def campaign_of(value: object) -> dict[str, str]:
    """Return the page's allow-listed `utm_*` values (the first of each), as safe text capped
    at UTM_MOST, leaving out empty ones; {} for no page; raise ContextError for a bad one."""
    if value in (None, ""):
        return {}
    found: dict[str, str] = {}
    for key, raw in parse_qsl(_split(value).query):
        if key in UTM_KEYS and key not in found:
            found[key] = clean_text(raw, UTM_MOST)
    return {key: text for key, text in found.items() if text}


def source_of(page: str | None) -> dict[str, str | None]:
    """Return the columns a call keeps of the stored page it came from: `page_path` and each
    of UTM_KEYS (None where the page has none)."""
    source: dict[str, str | None] = {"page_path": path_of(page), **dict.fromkeys(UTM_KEYS)}
    return source | campaign_of(page)
