"""Accounts fixtures: the app with cheap Argon2id costs, and a database session in its context."""

from __future__ import annotations

import pytest

from callgate.db import get_db


@pytest.fixture
def app(make_app):
    return make_app(CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1)


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()
