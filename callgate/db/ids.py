"""Public ids: random ones, unguessable, URL-safe and safe to pass to the CLI as an argument;
and whether a text given as an id could be one at all."""

from __future__ import annotations

import secrets


def public_id(nbytes: int) -> str:
    """Return a random URL-safe id of `nbytes` random bytes that does not start with "-"."""
    # A leading "-" would make `flask button show ID` read the id as an option.
    while (drawn := secrets.token_urlsafe(nbytes)).startswith("-"):
        pass
    return drawn


def plain_id(value: object, longest: int = 200) -> bool:
    """Tell whether `value` could be a stored id: text of 1 to `longest` printable characters
    (no NUL, CR/LF or lone surrogate, which PostgreSQL would refuse as a parameter)."""
    return isinstance(value, str) and 0 < len(value) <= longest and value.isprintable()
