"""Check the fields of a button before they are stored; one clear message per bad value.

Each error carries a code and its details (errors.py), for a face to say it in its own words.
Each field's check is named in the field table (buttons/fields.py); the checks of origins,
gateway and SIP are in buttons/checks.py, the text rules in buttons/text_rules.py, the look's
in buttons/looks.py.
"""

from __future__ import annotations

from collections.abc import Callable

from callgate.buttons.callee import CalleeRules, check_callee
from callgate.buttons.checks import gateway_url, origins, sip_password, sip_port
from callgate.buttons.fields import FIELDS
from callgate.buttons.text_rules import ButtonError

__all__ = ["CHECKS", "ButtonError", "clean", "gateway_url", "origins", "sip_password", "sip_port"]

#: The check of every field a face can set, in the field table's order.
CHECKS: dict[str, Callable[[object], object]] = {field.name: field.check for field in FIELDS}


def clean(fields: dict[str, object], callee_rules: CalleeRules | None = None) -> dict[str, object]:
    """Validate each given field and return the normalized values; raise InvalidInput.

    The error is a ButtonError, or the CalleeError, HoursError, OriginError or LimitError of
    the field's own rules, each with its code. The callee is checked against `callee_rules`
    (default: no special numbers, any country).
    """
    unknown = set(fields) - set(CHECKS)
    if unknown:
        raise ButtonError(
            f"unknown button fields: {', '.join(sorted(unknown))}",
            code="unknown_fields",
            names=sorted(unknown),
        )
    rules = callee_rules or CalleeRules()
    checks = CHECKS | {"callee": lambda value: check_callee(value, rules)}
    return {name: checks[name](value) for name, value in fields.items()}
