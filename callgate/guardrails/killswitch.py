"""The kill switch: one global flag in `settings` and one per button, read on every request
(the global one in the same statement as the button, db/models.py `Button.global_switch`).

Nothing is cached across requests, so a switch thrown from the CLI holds from every worker's
next request.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.audit.changes import record_change
from callgate.audit.trail import add, said
from callgate.buttons.store import get_button
from callgate.db.models import Button, Setting
from callgate.errors import Refused

GLOBAL_KEY = "kill_switch"


class KillSwitchOn(Refused):
    """Calls are switched off, for every button or for this one."""

    code = "kill_switch"


def global_on(db: Session) -> bool:
    """Return True when the global kill switch is on."""
    value = db.scalar(select(Setting.value).where(Setting.key == GLOBAL_KEY))
    return bool(isinstance(value, dict) and value.get("on"))


def ensure_off(db: Session, button: Button) -> None:
    """Raise KillSwitchOn if the global switch or `button`'s own is on, as they were when
    `button` was read (in this request: the global one is read with it)."""
    switch = button.global_switch
    if button.kill_switch or bool(isinstance(switch, dict) and switch.get("on")):
        raise KillSwitchOn("kill switch", button_id=button.id)


def switch(
    db: Session, on: bool, button_id: str | None = None, *, actor: str | None = None
) -> None:
    """Turn the global switch (or `button_id`'s) on or off, and audit it (by `actor`, if named).

    The switch and its audit row are committed together.
    """
    word = "on" if on else "off"
    if button_id is None:
        before = global_on(db)
        setting = db.get(Setting, GLOBAL_KEY)
        if setting is None:
            db.add(Setting(key=GLOBAL_KEY, value={"on": on}))
        else:
            setting.value = {"on": on}
        changes = {"global_kill_switch": [before, on]}
        details = said("kill_switch_global", state=word)
        _audit(db, f"global kill switch {word}", details, changes, actor)
        db.commit()
        return
    button = get_button(db, button_id)
    before, button.kill_switch = button.kill_switch, on
    changes = {"kill_switch": [before, on]}
    details = said("kill_switch_button", state=word)
    _audit(db, f"button kill switch {word}", details, changes, actor, button.id)
    db.commit()


def _audit(
    db: Session,
    reason: str,
    details: dict,
    changes: dict,
    actor: str | None,
    button_id: str | None = None,
) -> None:
    """Audit a switch with its reason's code (`details`): as a change if `actor` is named."""
    if actor is None:
        add(db, "killswitch", "done", reason, button_id=button_id, details=details)
    else:  # the console shows a change by its changes too
        record_change(db, "killswitch", actor, changes, reason, details, button_id=button_id)


def status(db: Session, button_id: str | None = None) -> dict:
    """Return the global switch, the buttons switched off, and `button_id`'s own state."""
    data: dict = {
        "global": global_on(db),
        "buttons": list(
            db.scalars(select(Button.id).where(Button.kill_switch).order_by(Button.id))
        ),
    }
    if button_id is not None:
        button = get_button(db, button_id)
        data["button"] = {"id": button.id, "on": button.kill_switch}
        data["callsStopped"] = data["global"] or button.kill_switch
    return data
