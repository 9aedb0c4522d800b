"""Fixtures: an app on a real, migrated SQLite file, a client, a CLI runner, a button, WCS."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app import create_app
from buttons.store import create_button
from db import get_db
from db.migrate import upgrade
from tests.data import (
    BUTTON,
    ENCRYPTION_KEY,
    HOOK_SECRETS,
    ORIGIN,
    SECRET_KEY,
)
from tests.wcs import FakeWcs, WcsRestApi, session_id


@pytest.fixture(scope="session", autouse=True)
def no_settings_file(tmp_path_factory: pytest.TempPathFactory):
    """Keep the checkout's own instance/callgate.env (from bin/start) out of every test."""
    previous = os.environ.get("CALLGATE_SETTINGS_FILE")
    os.environ["CALLGATE_SETTINGS_FILE"] = str(tmp_path_factory.mktemp("none") / "callgate.env")
    yield
    if previous is None:
        os.environ.pop("CALLGATE_SETTINGS_FILE", None)
    else:
        os.environ["CALLGATE_SETTINGS_FILE"] = previous


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "callgate.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_db: Path) -> Path:
    path = tmp_path / "callgate.sqlite3"
    shutil.copy(migrated_db, path)
    return path


@pytest.fixture
def make_app(db_path: Path, tmp_path: Path):
    """Build apps on the test database; keyword arguments override config."""

    def make(**overrides: object):
        config = {
            "TESTING": True,
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": f"sqlite:///{db_path}",
            "WCS_HOOK_SECRETS": HOOK_SECRETS,
            "ENCRYPTION_KEYS": [ENCRYPTION_KEY],
            "PUBLIC_URL": "https://calls.example.net",
        }
        return create_app(config | overrides)

    return make


@pytest.fixture
def app(make_app):
    return make_app()


# Tests of call guardrails fetch many tokens from one test client address within a minute;
# a module that does so uses this app instead, so the per-address limits do not mask them.
@pytest.fixture
def roomy_app(make_app):
    return make_app(RATE_LIMITS_IP="1000/minute", RATE_LIMITS_PREFIX="1000/minute")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def button(app):
    """An enabled button allowing ORIGIN and https://*.example.org."""
    with app.app_context():
        return create_button(get_db(), dict(BUTTON))


@pytest.fixture
def wcs(client) -> FakeWcs:
    return FakeWcs(client, HOOK_SECRETS[0])


@pytest.fixture
def get_token(client):
    """Fetch a token the way the widget does; return the JSON body."""

    def fetch(button_id: str, origin: str = ORIGIN) -> dict:
        response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": origin})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return fetch


@pytest.fixture
def start_call(wcs, get_token):
    """Connect a new WCS session for a button and ask `/call`; return the response and body."""

    def start(button_id: str, call_id: str | None = None):
        sid = session_id()
        connect = wcs.connect_body(get_token(button_id)["token"], ORIGIN, sid)
        assert wcs.post("connect", connect).status_code == 200
        body = wcs.call_body(sid, call_id)
        return wcs.post("call", body), body

    return start


@pytest.fixture
def wcs_rest():
    """WCS's management REST API, answering 200 until told otherwise."""
    api = WcsRestApi()
    yield api
    api.close()
