"""The audit trail's reasons in the console's language.

Each row keeps its reason in English for `flask audit list`, and apart from it a stable code
and the values that vary in it (`details["say"]`, audit/trail.py). The console says the code's
text (console/reason_texts.py), filled from those values; it never reads the English words. A
closed button's own message (`closed_own`) is said as closed, with the owner's words. A row
without a code the table knows, or without values, is shown as recorded.
"""

from __future__ import annotations

from collections.abc import Mapping

from callgate.audit.trail import SAY
from callgate.console.i18n import gettext as _
from callgate.console.reason_texts import OWN_WORDS, TEXTS, WORDS

#: The most characters of a recorded value that are said back.
LONGEST = 120


def say(reason: str | None, details: object = None) -> str:
    """Return an audit row's reason in this request's language (its English `reason` as
    recorded when its details hold no code the console knows, or lack a value)."""
    recorded = reason or ""
    said = details.get(SAY) if isinstance(details, Mapping) else None
    key = said.get("code") if isinstance(said, Mapping) else None
    params = said.get("params") if isinstance(said, Mapping) else None
    if not isinstance(params, Mapping):
        return recorded
    if key == OWN_WORDS:
        return _("closed: “%(message)s”", message=_text(recorded))
    template = TEXTS.get(key) if isinstance(key, str) else None
    if template is None:
        return recorded
    try:
        return _(template) % _Values(params)
    except KeyError:
        return recorded


class _Values(dict):
    """A row's values as the text shows them: known words translated, the rest as text."""

    def __init__(self, params: Mapping) -> None:
        super().__init__()
        for name, value in params.items():
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                words = WORDS.get(str(name), {})
                self[name] = _(words[value]) if value in words else _text(value)


def _text(value: object) -> str:
    """Return a recorded value as shown: unprintable characters escaped, cut to LONGEST."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(value))
    return shown if len(shown) <= LONGEST else shown[: LONGEST - 1] + "…"
