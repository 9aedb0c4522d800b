"""The day's counter row of a button's budget (`daily_usage`), kept where calls change.

A row holds the calls the button placed on one day of its time zone and the talk seconds of
those that finished. Each change is one conditional statement in the transaction that makes
it (placing a call, recording its end), so concurrent requests on SQLite or PostgreSQL add up
exactly and a WCS retry, which changes no call, changes no row. A row counted in another time
zone than the button's now stops keeping seconds (NULL), and the check then counts from the
call rows (guardrails/budget.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from callgate.db.models import Button, Call, DailyUsage
from callgate.db.statements import dialect_insert, table_of
from callgate.guardrails.budget import BudgetExhausted, day_bounds, day_of, zone, zone_key

TABLE = table_of(DailyUsage)


def spend_call(db: Session, button: Button, now: datetime) -> None:
    """Count a call just stored (uncommitted) against today; raise BudgetExhausted if none left.

    The day's row is raised by one call only while it is below the limit, in one conditional
    UPDATE, so concurrent calls on SQLite or PostgreSQL can never take more than the limit
    between them; only when that finds no room is the row created (`_first_of_day`). The
    caller commits (or rolls back, with the call, when refused).
    """
    tz = zone(button.timezone)
    keys = {"button_key": button.id, "day_key": day_of(now, tz), "zone_name": zone_key(tz)}
    used = db.execute(_RAISE_CALLS, keys | {"limit": button.daily_calls}).scalar()
    if used is None:
        used = db.execute(_first_of_day(db, button, now)).scalar()
    if used is None or used > button.daily_calls:
        raise BudgetExhausted("daily budget used", button_id=button.id)


def _first_of_day(db: Session, button: Button, now: datetime) -> Any:
    """Return the statement that creates the day's row holding the calls placed that day and
    their finished talk seconds, or, if another request just created it, raises it by one
    while it is below the limit; it returns the calls counted, or nothing when refused."""
    tz = zone(button.timezone)
    start, end = day_bounds(now, tz)
    today = (Call.button_id == button.id, Call.created_at >= start, Call.created_at < end)
    # Overflow legs are second calls of attempts counted once, by their first legs.
    first_legs = Call.overflow_of.is_(None)
    placed = select(func.count()).select_from(Call).where(*today, first_legs).scalar_subquery()
    finished = Call.finished_at.is_not(None)
    talked = select(func.coalesce(func.sum(Call.talk_seconds), 0.0)).where(*today, finished)
    return (
        dialect_insert(db, TABLE)
        .values(button_id=button.id, day=day_of(now, tz), calls=placed)
        .values(seconds=talked.scalar_subquery(), timezone=zone_key(tz))
        .on_conflict_do_update(
            index_elements=[TABLE.c.button_id, TABLE.c.day],
            set_={"calls": TABLE.c.calls + 1, "seconds": _kept(TABLE.c.seconds, zone_key(tz))},
            where=TABLE.c.calls < button.daily_calls,
        )
        .returning(TABLE.c.calls)
    )


def add_talk(db: Session, call: Call, seconds: float) -> None:
    """Add `seconds` (a change of a finished call's talk time) to the row of the call's day.

    One UPDATE in the caller's transaction; nothing for a day without a row (its check counts
    from the call rows) or a call whose button is gone.
    """
    if not seconds:
        return
    # Under the event's write lock: flush nothing early; the button is usually in the
    # session already (calls/events.py loads it before taking the lock).
    with db.no_autoflush:
        button = db.get(Button, call.button_id)
    if button is None:
        return
    tz = zone(button.timezone)
    keys = {"button_key": button.id, "day_key": day_of(call.created_at, tz)}
    db.execute(_ADD_SECONDS, keys | {"zone_name": zone_key(tz), "added": seconds})


_DAY_ROW = (TABLE.c.button_id == bindparam("button_key"), TABLE.c.day == bindparam("day_key"))
_IN_ZONE = TABLE.c.timezone == bindparam("zone_name")
_RAISE_CALLS = (
    update(TABLE)
    .where(*_DAY_ROW, TABLE.c.calls < bindparam("limit"))
    .values(calls=TABLE.c.calls + 1, seconds=case((_IN_ZONE, TABLE.c.seconds), else_=None))
    .returning(TABLE.c.calls)
)
_ADD_SECONDS = (
    update(TABLE)
    .where(*_DAY_ROW)
    .values(seconds=case((_IN_ZONE, TABLE.c.seconds + bindparam("added")), else_=None))
)


def _kept(value: ColumnElement, zone_name: str) -> ColumnElement:
    """Return `value` for a row counted in the zone `zone_name`, else NULL: a row counted in
    another zone stops counting seconds."""
    return case((TABLE.c.timezone == zone_name, value), else_=None)
