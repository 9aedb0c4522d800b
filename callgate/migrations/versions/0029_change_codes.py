"""Old change and account rows get their reason's code and values, once, from their words.

Until 0029 the rows of configuration changes by a named user (buttons, API keys, the kill
switch), of account changes (users, roles, passwords, second factors, links) and of erasures
were written without `details["say"]`, so the console showed their English words. This reads
those words, as the product of the time wrote them for each action (frozen below), and merges
in the `say` the product now writes, in batches by id. Rows that have a `say`, or whose wording
is not one of these, are left as they are.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

#: Each action's wordings of the time, with the code the product now records; the named
#: groups are the values the code takes.
PATTERNS: dict[str, list[tuple[str, str]]] = {
    "button.create": [(r"created (?P<name>.+)", "button_created")],
    "button.update": [(r"changed .+", "button_changed")],
    "button.delete": [(r"deleted (?P<name>.+)", "button_deleted")],
    "apikey.create": [(r"created key (?P<name>.+)", "apikey_created")],
    "apikey.revoke": [(r"revoked key (?P<name>.+)", "apikey_revoked")],
    "killswitch": [
        (r"global kill switch (?P<state>on|off)", "kill_switch_global"),
        (r"button kill switch (?P<state>on|off)", "kill_switch_button"),
    ],
    "erasure": [
        (r"a visitor's data erased, found by (?P<by>phone number|call|customer id)", "erased")
    ],
}
#: The account rows' wordings, each with its code; the account's address is `who`.
ACCOUNT = {
    "user created": "user_created",
    "user disabled": "user_disabled",
    "user enabled": "user_enabled",
    "password changed": "password_changed",
    "second factor on": "second_factor_on",
    "second factor removed": "second_factor_removed",
    "role changed": "role_changed",
    "invitation issued": "invitation_issued",
    "password link issued": "password_link_issued",
    "invitation revoked": "invitation_revoked",
    "password link revoked": "password_link_revoked",
}
COMPILED = {
    action: [(re.compile(pattern, re.DOTALL), code) for pattern, code in patterns]
    for action, patterns in PATTERNS.items()
}
ACTIONS = sorted([*PATTERNS, "account"])
#: Rows are read and merged this many at a time.
BATCH = 1000


def say_of(action: str, reason: str | None, details: object) -> dict | None:
    """Return the `say` of an old row of `action` worded `reason` (None: not one of these)."""
    if not reason:
        return None
    if action == "account":
        who = details.get("user") if isinstance(details, dict) else None
        code = ACCOUNT.get(reason)
        return {"code": code, "params": {"who": who}} if code and isinstance(who, str) else None
    for pattern, code in COMPILED.get(action, []):
        found = pattern.fullmatch(reason)
        if found:
            return {"code": code, "params": found.groupdict()}
    return None


EVENTS = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("reason", sa.String),
    sa.column("details", sa.JSON),
)


def upgrade() -> None:
    """Merge the `say` of its wording into each old row of these actions that lacks one."""
    connection = op.get_bind()
    e = EVENTS.c
    change = (
        EVENTS.update()
        .where(e.id == sa.bindparam("row_id"))
        .values(details=sa.bindparam("merged", type_=sa.JSON))
    )
    last = 0
    while rows := _batch(connection, last):
        last = rows[-1].id
        merged = [_merged(*row) for row in rows]
        done = [row for row in merged if row is not None]
        if done:
            connection.execute(change, done)


def _batch(connection: sa.Connection, last: int) -> list[sa.Row]:
    """Return the next BATCH rows of these actions with a wording, after id `last`."""
    e = EVENTS.c
    query = (
        sa.select(e.id, e.action, e.reason, e.details)
        .where(e.id > last, e.action.in_(ACTIONS), e.reason.is_not(None))
        .order_by(e.id)
        .limit(BATCH)
    )
    return list(connection.execute(query).all())


def _merged(row_id: int, action: str, reason: str, details: object) -> dict | None:
    """Return the row's update ({"row_id", "merged"}), or None if it keeps its details."""
    kept = {} if details is None else details  # a JSON null holds nothing to keep
    if not isinstance(kept, dict) or "say" in kept:
        return None
    said = say_of(action, reason, kept)
    return None if said is None else {"row_id": row_id, "merged": {**kept, "say": said}}


def downgrade() -> None:
    """The codes stay: the console of revision 0028 says those it knows, the rest as recorded."""
