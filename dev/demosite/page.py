"""The demo page, a Jinja2 template, with the one-tag snippet for a button."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def render(api: str, button_id: str) -> bytes:
    """Return the demo page with the snippet for `button_id` served from `api`."""
    snippet = Markup('<script async src="{}/widget.js" data-button="{}"></script>').format(
        api.rstrip("/"), button_id
    )
    return TEMPLATES.get_template("demo.html").render(snippet=snippet).encode()
