"""Random public ids: unguessable, URL-safe, and safe to pass to the CLI as an argument."""

from __future__ import annotations

import secrets


def public_id(nbytes: int) -> str:
    """Return a random URL-safe id of `nbytes` random bytes that does not start with "-"."""
    # A leading "-" would make `flask button show ID` read the id as an option.
    while (drawn := secrets.token_urlsafe(nbytes)).startswith("-"):
        pass
    return drawn
