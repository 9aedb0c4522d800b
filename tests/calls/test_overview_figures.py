"""The overview's figures counted by the database equal the old row-by-row computation.

On a seeded data set (dev/bench/seed_scale.py, small) with buttons in two workspaces, calls in
progress, calls ended only by their session, refusals of every reason, closed refusals on a
button's holiday in a time zone far from UTC and under a button's own closed message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, insert, select, text

from callgate.accounts import workspaces
from callgate.buttons.store import list_buttons
from callgate.calls import rollup
from callgate.calls.stats import Figures, add, overview
from callgate.db import get_db
from callgate.db.models import AuditEvent, Button, Call, WcsSession, utcnow
from callgate.db.rollups import RollupPending
from dev.bench.scale_sql import big_tables
from dev.bench.seed_scale import ORIGIN, _buttons, button_id
from tests.calls.old_overview import overview as old_overview

BUTTONS, ROWS, DAYS = 40, 4000, 45


def seed(url: str) -> None:
    """Write the small data set, then give a few buttons holidays and closed messages."""
    engine = create_engine(url)
    start = utcnow().replace(microsecond=0) - timedelta(days=DAYS)
    with engine.begin() as connection:
        connection.execute(insert(Button), _buttons(BUTTONS, start))
        params = {
            "n": ROWS,
            "b": BUTTONS,
            "epoch": int(start.timestamp()),
            "step": DAYS * 86400 / ROWS,
        }
        for _name, statement in big_tables(engine.dialect.name):
            connection.execute(text(statement), params)
    engine.dispose()


def special(db, other: int, now: datetime) -> None:
    """Holidays in Kolkata, an own closed message, a button in another workspace, the calls
    and refusals of a button that is gone, an answered call in progress today."""
    days = [(now - timedelta(days=d)).astimezone(UTC).date().isoformat() for d in range(0, 30, 3)]
    for n in range(4):
        button = db.get(Button, button_id(n))
        button.timezone, button.holidays = "Asia/Kolkata", days
        button.closed_message = "We are away" if n % 2 else None
    db.get(Button, button_id(5)).workspace_id = other
    for hours in range(0, 24 * 28, 5):
        at = now - timedelta(hours=hours, minutes=17)
        reason = "We are away" if hours % 2 else "closed"
        db.add(
            AuditEvent(
                at=at,
                action="call",
                outcome="refused",
                reason=reason,
                code="closed",
                button_id=button_id(hours % 6),
            )
        )
    for n, session in enumerate(("gone-a", "gone-b", "live-a")):
        db.add(WcsSession(session_id=session, jti=session, button_id="gone", origin=ORIGIN))
        at = now - timedelta(minutes=n + 1)
        db.add(
            Call(
                call_id=session,
                session_id=session,
                button_id=button_id(7) if session == "live-a" else "gone",
                callee="7001",
                created_at=at,
                established_at=at + timedelta(seconds=5),
            )
        )
    db.add(
        AuditEvent(
            at=now,
            action="token",
            outcome="refused",
            reason="origin not allowed",
            code="origin_not_allowed",
            button_id="gone",
        )
    )
    db.commit()


def same(new: Figures, old: Figures, reasons: bool = True) -> None:
    assert (new.placed, new.answered, new.failed, new.refused) == (
        old.placed,
        old.answered,
        old.failed,
        old.refused,
    )
    assert new.talk_seconds == pytest.approx(old.talk_seconds, abs=0.01)
    assert new.talk_minutes == old.talk_minutes
    if reasons:
        assert +new.reasons == +old.reasons


def unsettled(db, now: datetime) -> None:
    """Calls of the sealed days a rollup must leave pending: one still talking after 5 days,
    one ended only by its session, one that ended 5 minutes ago (a late status may come)."""
    for name, placed, ended, closed in (
        ("talking", timedelta(days=5), None, None),
        ("session-ended", timedelta(days=3), None, timedelta(days=3) - timedelta(minutes=2)),
        ("just-ended", timedelta(hours=30), timedelta(minutes=5), None),
    ):
        at = now - placed
        db.add(WcsSession(session_id=name, jti=name, button_id=button_id(2), origin=ORIGIN))
        if closed is not None:
            db.get(WcsSession, name).closed_at = now - closed
        db.add(
            Call(
                call_id=name,
                session_id=name,
                button_id=button_id(2),
                callee="7001",
                created_at=at,
                established_at=at + timedelta(seconds=5) if name != "session-ended" else None,
                finished_at=None if ended is None else now - ended,
                final_status=None if ended is None else "FINISH",
                page_path="/late",
            )
        )
    db.commit()


@pytest.mark.parametrize("rolled", [False, True], ids=["live", "rollup"])
@pytest.mark.parametrize("everywhere", [None, True, False])
def test_the_database_counts_what_the_old_computation_counted(
    app, database_url, everywhere, rolled
):
    seed(database_url)
    with app.app_context():
        db = get_db()
        other = workspaces.create(db, "Other").id
        now = utcnow()
        special(db, other, now)
        unsettled(db, now)
        scope = None if everywhere is None else [1, other] if everywhere else [1]
        if rolled:
            assert rollup.refresh(db, now) is not None and rollup.current(db, now) is not None
            assert set(db.scalars(select(RollupPending.call_id))) >= {"talking", "just-ended"}
        new = overview(db, scope, now)
        old = old_overview(db, list_buttons(db, scope), now)
        assert db.scalar(select(func.count()).select_from(AuditEvent)) > ROWS
    assert [d for d, _f in new.days] == [d for d, _f in old.days]
    for (_day, n), (_same_day, o) in zip(new.days, old.days, strict=True):
        same(n, o)
    same(new.today, old.today)
    same(new.total, old.total)
    assert sum(new.total.reasons.values()) == new.total.refused
    assert new.total.reasons["holiday"] > 0 and new.total.reasons["hours"] > 0
    assert set(new.by_button) == set(old.by_button) and "gone" not in new.by_button
    for key, figures in old.by_button.items():
        same(new.by_button[key], figures, reasons=False)
    assert set(new.by_button_today) == set(old.by_button_today)
    for key, figures in old.by_button_today.items():
        same(new.by_button_today[key], figures, reasons=False)
    workspaces_old: dict[int, Figures] = {}
    with app.app_context():
        for button in list_buttons(get_db(), scope):
            if button.id in old.by_button:
                add(
                    workspaces_old.setdefault(button.workspace_id, Figures()),
                    old.by_button[button.id],
                )
    assert set(new.by_workspace) == set(workspaces_old)
    for key, figures in workspaces_old.items():
        same(new.by_workspace[key], figures, reasons=False)
