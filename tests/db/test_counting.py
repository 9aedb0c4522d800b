"""db/counting.py: a count is exact up to its cap and says cap + 1 beyond it, whatever the order."""

from __future__ import annotations

from sqlalchemy import select

from callgate.buttons.store import create_button
from callgate.db import get_db
from callgate.db.counting import capped_count
from callgate.db.models import Button
from tests.data import BUTTON


def test_a_count_is_exact_up_to_the_cap_and_cap_plus_one_beyond(app):
    with app.app_context():
        db = get_db()
        query = select(Button).order_by(Button.name)
        assert capped_count(db, query) == 0
        for n in range(5):
            create_button(db, dict(BUTTON, name=f"Button {n}"))
        assert capped_count(db, query) == 5
        assert capped_count(db, query, cap=5) == 5
        assert capped_count(db, query, cap=3) == 4
        assert capped_count(db, query.where(Button.name == "Button 2"), cap=3) == 1
