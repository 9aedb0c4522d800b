"""The kill switch: one global flag in `settings` and one per button, read on every request.

Nothing is cached, so a switch thrown from the CLI holds from every worker's next request.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.trail import record
from buttons.store import get_button
from db.models import Button, Setting
from errors import Refused

GLOBAL_KEY = "kill_switch"


class KillSwitchOn(Refused):
    """Calls are switched off, for every button or for this one."""

    code = "kill_switch"


def global_on(db: Session) -> bool:
    """Return True when the global kill switch is on."""
    value = db.scalar(select(Setting.value).where(Setting.key == GLOBAL_KEY))
    return bool(isinstance(value, dict) and value.get("on"))


def ensure_off(db: Session, button: Button) -> None:
    """Raise KillSwitchOn if the global switch or `button`'s own is on."""
    if button.kill_switch or global_on(db):
        raise KillSwitchOn("kill switch", button_id=button.id)


def switch(db: Session, on: bool, button_id: str | None = None) -> None:
    """Turn the global switch (or `button_id`'s) on or off, and audit it."""
    word = "on" if on else "off"
    if button_id is None:
        setting = db.get(Setting, GLOBAL_KEY)
        if setting is None:
            db.add(Setting(key=GLOBAL_KEY, value={"on": on}))
        else:
            setting.value = {"on": on}
        db.commit()
        record(db, "killswitch", "done", f"global kill switch {word}")
        return
    button = get_button(db, button_id)
    button.kill_switch = on
    db.commit()
    record(db, "killswitch", "done", f"button kill switch {word}", button_id=button.id)


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
