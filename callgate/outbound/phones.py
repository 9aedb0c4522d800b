"""A visitor's phone number in an event: whole only for endpoints whose owner asked for it.

Elsewhere the event says `"phone": null` and gives `phoneMasked`, the number's last two digits
after a mark ("•••67"): enough to tell two requests apart, the way the console shows them.
"""

from __future__ import annotations

from typing import Any

HIDDEN = "•••"


def mask(number: str) -> str:
    """Return `number` hidden but its last two digits ("•••67")."""
    return HIDDEN + "".join(char for char in number if char.isdigit())[-2:]


def for_endpoint(data: dict[str, Any], include_phone_numbers: bool) -> dict[str, Any]:
    """Return the event data one endpoint gets: `data` itself, or with its phone number masked."""
    number = data.get("phone")
    if include_phone_numbers or not isinstance(number, str):
        return data
    return data | {"phone": None, "phoneMasked": mask(number)}
