"""The overview's rollup: built once a UTC day, read as the live count would count, and
forgotten by whatever would change what it counted (calls/rollup.py, db/rollups.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from callgate.accounts import workspaces
from callgate.buttons.store import create_button, delete_button, move_button
from callgate.calls import rollup
from callgate.calls.sources import by_page_and_campaign
from callgate.calls.stats import overview
from callgate.db import get_db, rollups
from callgate.db.rollups import OverviewRollup, RollupButton
from callgate.retention.periods import DEFAULTS, Periods
from callgate.retention.sweep import sweep
from tests.calls.helpers import place_from
from tests.data import BUTTON

TODAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def placed(client, wcs, button_id: str) -> None:
    """Calls three days ago (answered, unanswered, from two pages) and one today."""
    with time_machine.travel(TODAY - timedelta(days=3), tick=False):
        place_from(client, wcs, button_id, "/pricing?utm_source=ads&utm_campaign=winter")
        place_from(client, wcs, button_id, "/contact", answered=False)
    with time_machine.travel(TODAY - timedelta(hours=1), tick=False):
        place_from(client, wcs, button_id, "/contact")


def counted(db, now: datetime) -> tuple:
    """Return what the overview shows at `now`, as plain values."""
    found = overview(db, None, now)
    days = [(d, f.placed, f.answered, f.failed, f.refused, f.talk_seconds) for d, f in found.days]
    buttons = {k: (f.placed, f.answered, f.failed, f.refused) for k, f in found.by_button.items()}
    return days, buttons, by_page_and_campaign(db, None, now)


def rollup_count(db) -> int:
    return db.scalar(select(func.count()).select_from(OverviewRollup))


def test_the_rollup_counts_as_the_live_overview_and_is_built_once_a_day(app, client, wcs, button):
    placed(client, wcs, button.id)
    with app.app_context():
        db = get_db()
        live = counted(db, TODAY)
        built = rollup.refresh(db, TODAY)
        assert built is not None and built.seal_end == TODAY.date()
        assert (
            db.scalar(select(RollupButton.placed).where(RollupButton.button_id == button.id)) == 2
        )
        assert counted(db, TODAY) == live
        assert live[1][button.id] == (3, 2, 1, 0)
        assert rollup.refresh(db, TODAY + timedelta(hours=14)) is None
        tomorrow = TODAY + timedelta(days=1)
        assert rollup.current(db, tomorrow) is None
        live_tomorrow = counted(db, tomorrow)
        assert rollup.refresh(db, tomorrow) is not None and rollup_count(db) == 1
        assert counted(db, tomorrow) == live_tomorrow


def test_deleting_or_moving_a_button_forgets_the_rollup(app, client, wcs, button):
    placed(client, wcs, button.id)
    with app.app_context():
        db = get_db()
        other = create_button(db, dict(BUTTON, name="Other"))
        rollup.refresh(db, TODAY)
        move_button(db, button.id, workspaces.create(db, "Elsewhere").id)
        assert rollup_count(db) == 0
        rollup.refresh(db, TODAY)
        delete_button(db, other.id)
        assert rollup_count(db) == 0


def test_a_sweep_into_the_window_forgets_the_rollup_and_one_before_it_does_not(
    app, client, wcs, button
):
    placed(client, wcs, button.id)
    with app.app_context():
        db = get_db()
        rollup.refresh(db, TODAY)
        keep = Periods({kind: None for kind in DEFAULTS} | {"calls": 40})
        sweep(db, keep, TODAY)
        assert rollup_count(db) == 1
        short = Periods({kind: None for kind in DEFAULTS} | {"calls": 2})
        assert sweep(db, short, TODAY).deleted["calls"] > 0
        assert rollup_count(db) == 0
        assert rollup.refresh(db, TODAY) is not None
        assert counted(db, TODAY)[1][button.id] == (1, 1, 0, 0)


def test_forget_before_a_time_keeps_the_rollups_that_begin_after_it(app):
    with app.app_context():
        db = get_db()
        rollup.refresh(db, TODAY)
        first = rollup.window(TODAY)[0]
        rollups.forget(db, datetime(first.year, first.month, first.day, tzinfo=UTC))
        assert rollup_count(db) == 0
        rollup.refresh(db, TODAY)
        rollups.forget(
            db, datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(days=1)
        )
        assert rollup_count(db) == 1
