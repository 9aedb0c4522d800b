"""What the token request says the visitor accepted: `{"consent": TEXT}` in its body, or nothing.

The body may carry a route, name and page too (widget/token_body.py reads it once).
"""

from __future__ import annotations

from callgate.widget.token_body import token_body


def accepted_notice() -> str | None:
    """Return the notice text the page says its visitor accepted, or None; raise InvalidInput."""
    return token_body().get("consent")
