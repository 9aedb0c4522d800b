"""Shared fixtures of the retention tests."""

from __future__ import annotations

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db


@pytest.fixture
def offering(app, button):
    """The test button, offering callback requests and call ratings."""
    with app.app_context():
        return update_button(get_db(), button.id, {"callback": True, "rating": True})
