"""API key fixtures: cheap Argon2id costs, a session in the app's context, people by role."""

from __future__ import annotations

import pytest

from callgate.accounts import users, workspaces
from callgate.db import get_db

PASSWORD = "a long enough password"


@pytest.fixture
def app(make_app):
    return make_app(CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1)


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()


@pytest.fixture
def people(db):
    """An admin, and an editor and a viewer of the default workspace; workspace 'Other'."""
    other = workspaces.create(db, "Other")
    made = {
        role: users.create(db, f"{role}@example.com", role, PASSWORD)
        for role in ("admin", "editor", "viewer")
    }
    return made | {"other": other}
