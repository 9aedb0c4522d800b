"""The demo page, with the one-tag snippet for a button."""

from __future__ import annotations

import html
from pathlib import Path
from string import Template

PAGE = Template((Path(__file__).parent / "index.html").read_text(encoding="utf-8"))


def render(api: str, button_id: str) -> bytes:
    """Return the demo page with the snippet for `button_id` served from `api`."""
    snippet = (
        f'<script async src="{html.escape(api.rstrip("/"))}/widget.js" '
        f'data-button="{html.escape(button_id)}"></script>'
    )
    return PAGE.substitute(snippet=snippet, snippet_text=html.escape(snippet)).encode()
