"""A button's configuration as the audit trail compares it before and after a change."""

from __future__ import annotations

import copy

from callgate.buttons.fields import FIELDS
from callgate.db.models import Button

#: Every field a face can set, and the workspace the button belongs to.
AUDITED = (*(field.name for field in FIELDS), "workspace_id")
#: Fields whose values are never written to the trail, only that they changed.
SECRETS = tuple(field.name for field in FIELDS if field.kind == "secret")


def snapshot(button: Button, *, set_only: bool = False) -> dict[str, object]:
    """Return the button's audited fields and their values (copies, safe to keep).

    With `set_only`, fields without a value (None, empty text, list or map) are left out: what
    a creation or a deletion records.
    """
    values = {name: copy.deepcopy(getattr(button, name)) for name in AUDITED}
    return {k: v for k, v in values.items() if v not in EMPTY} if set_only else values


EMPTY: tuple[object, ...] = (None, "", [], {})
