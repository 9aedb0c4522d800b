"""What a row of the button field table (buttons/fields.py) says about one field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: What a field holds, and so how the audit trail and the owner's view treat it.
KINDS = ("text", "secret", "number", "flag", "list", "map", "hours")
#: How `flask button create|update` takes a field: a value, a whole number, a duration, an
#: on/off switch pair, a repeatable option, or a flag saying to read it from standard input.
OPTION_KINDS = ("text", "int", "duration", "switch", "repeat", "stdin")
#: How the console's editor takes a field: a line of text, one that is the default when left
#: empty, a text area, a number, a duration, a checkbox, lines (origins, holidays), the hours,
#: the widget's texts, the token limits, or the SIP password.
FORM_KINDS = (
    *("text", "defaulted", "textarea", "number", "duration", "flag"),
    *("lines", "hours", "texts", "limits", "password"),
)


@dataclass(frozen=True)
class Option:
    """A field's option of `flask button create|update`.

    `help` may say `{default}`, which becomes the field's default in the CLI's words;
    `update_help`, when given, is the help of `update` (what the option does to a button).
    `dest` is the command's argument when it is not the field's name.
    """

    flag: str
    help: str
    kind: str = "text"
    dest: str | None = None
    metavar: str | None = None
    update_help: str | None = None


@dataclass(frozen=True)
class Field:
    """One button field: its check, what a new button gets, and how each face shows it.

    `default` None: a new button has none (the field is required or stays empty). `option`
    None: the CLI does not set it with create/update. `form` None: the editor has no input for
    it. `public` None: the widget's public config does not show it. `words`: its name in the
    console (the editor's and the audit page's words).
    """

    name: str
    check: Callable[[object], object]
    kind: str
    words: str
    default: object = None
    required: bool = False
    option: Option | None = None
    form: str | None = None
    public: str | None = None
