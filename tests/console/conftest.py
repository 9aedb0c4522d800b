"""Console fixtures: an app with cheap password hashing, users of each role, a logged-in client."""

from __future__ import annotations

import re

import pytest

from accounts import users, workspaces
from buttons.store import create_button
from db import get_db
from tests.data import BUTTON

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


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


def csrf_token(client, path: str = "/console/login") -> str:
    """Return the CSRF token of the form on `path`."""
    page = client.get(path)
    return CSRF.search(page.get_data(as_text=True)).group(1)


def post(client, path: str, data: dict | None = None, form: str | None = None):
    """POST `data` to `path` with the CSRF token of the page `form` (default: the same path)."""
    token = csrf_token(client, form or path)
    return client.post(path, data={"csrf_token": token, **(data or {})})


def log_in(client, email: str, password: str = PASSWORD):
    """Log in through the form; return the response."""
    return post(client, "/console/login", {"email": email, "password": password})


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
