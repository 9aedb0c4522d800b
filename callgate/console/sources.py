"""Where calls came from, in the console: the call log's page and campaign filters, read as
the token request stored them (routes/pages.py), so a typed `/цены` finds `/%D1%86…`."""

from __future__ import annotations

from urllib.parse import unquote

from flask import request

from callgate.console.i18n import gettext as _
from callgate.errors import InvalidInput
from callgate.routes.pages import UTM_MOST, clean_page, path_of
from callgate.routes.safe_text import clean_text


def page_filter() -> tuple[str | None, str | None]:
    """Return the `page_path` query argument as a stored page path (None: no filter) and, for
    one that is not a path, why (`page` is the log's page number)."""
    given = request.args.get("page_path", "").strip()
    if not given:
        return None, None
    try:
        return path_of(clean_page(given.split("?", 1)[0])), None
    except InvalidInput:
        return None, _("Give the path of a page, like /pricing.")


def campaign_filter() -> str | None:
    """Return the `campaign` query argument as stored campaigns are (None: no filter)."""
    return clean_text(request.args.get("campaign", ""), UTM_MOST) or None


def page_text(path: str | None) -> str:
    """Return a stored page path as a person reads it (`/цены`, not `/%D1%86…`); a character
    that would not print shows as a replacement mark."""
    text = unquote(path or "", errors="replace")
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
