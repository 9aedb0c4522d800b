"""One audit row's values: the fields it may name, each cut to its column."""

from __future__ import annotations

from sqlalchemy import insert

from callgate.db.fit import cut
from callgate.db.models import AuditEvent
from callgate.db.statements import table_of

#: The ids a row may name besides its action, outcome and reason.
IDS = ("button_id", "session_id", "call_id", "client_ip", "source", "origin", "actor", "code")
#: The statement that adds one row.
INSERT = insert(table_of(AuditEvent))


def values(
    action: str, outcome: str, reason: str | None, ids: dict, details: dict | None = None
) -> dict:
    """Return the row's values, each recorded field cut to its column on purpose."""
    unknown = set(ids) - set(IDS)
    assert not unknown, f"not audit fields: {unknown}"
    fields = {"action": action, "outcome": outcome, "reason": reason, **ids}
    row = {name: cut(getattr(AuditEvent, name), value) for name, value in fields.items()}
    return row | ({"details": details} if details is not None else {})
