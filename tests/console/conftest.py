"""Console fixtures: an app with cheap password hashing, users of each role, a logged-in client."""

from __future__ import annotations

import pytest

from callgate.accounts import users, workspaces
from callgate.buttons.store import create_button
from callgate.db import get_db
from tests.console.helpers import PASSWORD, log_in
from tests.data import BUTTON


@pytest.fixture
def app(make_app):
    """The app, hashing console passwords with tiny Argon2id costs so tests stay fast."""
    return make_app(CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1)


@pytest.fixture
def make_user(app):
    """Create a user: role admin, editor or viewer (in `workspace`, default: the default one)."""

    def make(email: str, role: str = "editor", workspace: int | None = None) -> int:
        with app.app_context():
            return users.create(get_db(), email, role, PASSWORD, workspace).id

    return make


@pytest.fixture
def admin(make_user) -> str:
    make_user("admin@example.com", "admin")
    return "admin@example.com"


@pytest.fixture
def as_admin(client, admin):
    """A client logged in as an admin."""
    assert log_in(client, admin).status_code == 302
    return client


@pytest.fixture
def other_workspace(app) -> int:
    with app.app_context():
        return workspaces.create(get_db(), "Other").id


@pytest.fixture
def foreign_button(app, other_workspace):
    """A button in the other workspace."""
    with app.app_context():
        return create_button(get_db(), dict(BUTTON, name="Foreign"), workspace_id=other_workspace)
