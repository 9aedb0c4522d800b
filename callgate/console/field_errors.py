"""The button editor's errors in the console's words, by the code the core gave each one.

The core's message is English for the CLI; here each code has its own text (console/
error_texts.py), translated like every console text, with the error's details filled in.
A code without a text gets one plain sentence, never the core's words.
"""

from __future__ import annotations

import logging
import re

from callgate.console.error_texts import GENERIC, KINDS, SAID
from callgate.console.i18n import gettext as _
from callgate.errors import CallgateError

log = logging.getLogger("callgate.console")
#: The most characters of a value the owner typed that are said back.
SHOWN = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(value: object) -> str:
    """Return a detail as the page shows it: lists joined, control characters escaped, cut."""
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(item) for item in value)
    text = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", str(value))
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


class _Details(dict):
    """The details a text is filled from; one it lacks shows as an ellipsis, not an error."""

    def __missing__(self, key: str) -> str:
        return "…"


def say(exc: CallgateError) -> str:
    """Return what the editor says next to the field for `exc`, in this request's language."""
    problems = exc.details.get("problems")
    if exc.code == "bad_origins" and isinstance(problems, list):
        return " ".join(say(problem) for problem in problems)
    template = SAID.get(exc.code)
    if template is None:
        log.warning("the console has no text for error code %s", exc.code)
        return _(GENERIC)
    details = _Details({name: shown(value) for name, value in exc.details.items()})
    if "kind" in details and exc.details["kind"] in KINDS:
        details["kind"] = _(KINDS[str(exc.details["kind"])])
    return _(template) % details
