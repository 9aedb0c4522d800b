"""Configuration changes in the audit trail: who changed what, from which value to which, when.

The core functions that change configuration (buttons.store, guardrails.killswitch, accounts)
call `record_change` in the change's own transaction, so the change and its row are committed
together or not at all, whichever face asked: the console (`user:<email>`), the CLI (`cli`) or
an API key (`apikey:<name>`). The row's details are {"changes": {field: [old, new]}}, with
"changed" in place of the pair for a secret, whose value is never stored, and the code and
values of its reason (`say`, audit/say.py), which the console says in its language.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from sqlalchemy.orm import Session

from callgate.audit.say import coded
from callgate.audit.trail import add

#: What a secret's entry says instead of its values.
SECRET = "changed"
ACTOR = re.compile(r"cli|(user|apikey):\S.{0,190}", re.DOTALL)


def check_actor(actor: str) -> str:
    """Return `actor` if it names who acted: `cli`, `user:<email>` or `apikey:<name>`."""
    if not isinstance(actor, str) or not ACTOR.fullmatch(actor):
        raise ValueError(f"not an actor: {actor!r}")
    return actor


def user_actor(email: str) -> str:
    """Return the actor of a console user."""
    return f"user:{email}"


def diff(
    old: Mapping[str, object], new: Mapping[str, object], secrets: Collection[str] = ()
) -> dict[str, object]:
    """Return {field: [old, new]} for each field whose value differs; "changed" for a secret.

    A field missing on one side counts as None there, so a creation is diff({}, values).
    """
    names = list(dict.fromkeys([*old, *new]))
    return {
        name: SECRET if name in secrets else [old.get(name), new.get(name)]
        for name in names
        if old.get(name) != new.get(name)
    }


def record_change(
    db: Session,
    action: str,
    actor: str,
    changes: Mapping[str, object],
    reason: str,
    say: dict,
    *,
    button_id: str | None = None,
) -> None:
    """Add the audit row of a configuration change to the caller's transaction.

    `action` names the kind of change (`button.update`, `killswitch`, `apikey.create`, ...);
    `reason` is a short English summary for `flask audit list`, `say` its code and values
    (audit/say.py `said`). Raises ValueError for an unknown actor or a `say` without a code,
    and SQLAlchemyError if the row cannot be written: the change must not stand.
    """
    details = {"changes": dict(changes), **coded(say)}
    add(db, action, "done", reason, actor=check_actor(actor), button_id=button_id, details=details)
