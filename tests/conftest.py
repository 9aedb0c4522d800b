"""Fixtures: an app on a real, migrated database (SQLite or PostgreSQL), a client, a CLI runner,
a button, WCS.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from callgate import db
from callgate.app import create_app
from callgate.buttons.store import create_button
from callgate.db import get_db
from tests import databases, instance_guard, rule_builders, scheduling
from tests.data import (
    BUTTON,
    ENCRYPTION_KEY,
    HOOK_SECRETS,
    ORIGIN,
    SECRET_KEY,
)
from tests.wcs import FakeWcs, WcsRestApi, session_id

rule_builders.install()
ROOT = Path(__file__).resolve().parents[1]
BROWSER = ROOT / "tests" / "browser"
GUARD = pytest.StashKey[instance_guard.Guard]()
TOUCHED = pytest.StashKey[list[str]]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Watch the checkout's instance/ (bin/start's) for the whole run."""
    session.config.stash[GUARD] = guard = instance_guard.Guard(ROOT / "instance")
    guard.start()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Collect what earlier tests left, then freeze what lives on (imports, caches): the full
    collection after each test (see make_app) then walks only what that test made, a few ms
    instead of about 100 once a worker has run a hundred tests."""
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the run if it read or changed anything in the checkout's instance/."""
    guard = session.config.stash.get(GUARD, None)
    touched = [*session.config.stash.get(TOUCHED, []), *(guard.stop() if guard else [])]
    if hasattr(session.config, "workeroutput"):  # an xdist worker: its controller reports
        session.config.workeroutput["instance_touched"] = touched
    if touched:
        session.config.stash[TOUCHED] = touched
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_testnodedown(node, error) -> None:
    """Bring what an xdist worker did to the checkout's instance/ into this run's report."""
    touched = getattr(node, "workeroutput", {}).get("instance_touched", [])
    if touched:
        config = node.config
        config.stash[TOUCHED] = [*config.stash.get(TOUCHED, []), *touched]


def pytest_terminal_summary(terminalreporter) -> None:
    """Say what the run did to the checkout's instance/, if anything."""
    touched = terminalreporter.config.stash.get(TOUCHED, [])
    if touched:
        terminalreporter.section("the tests touched the checkout's instance/", red=True)
        for line in list(dict.fromkeys(touched))[:50]:
            terminalreporter.line(line, red=True)


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


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the markers added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests; leave out what this backend's pass need not run (deselected).

    Tests written for the other backend go. On PostgreSQL, so do tests that never ask for a
    test database (no `test_databases` fixture, directly or through another), and browser tests
    not marked postgresql_also: they ran on the SQLite pass and would prove nothing new on a
    second one (the database code under them is tested on both).
    """
    for item in items:
        if BROWSER in item.path.parents:
            item.add_marker(pytest.mark.browser)
    other = "postgresql_only" if databases.BACKEND == "sqlite" else "sqlite_only"
    kept = [item for item in items if keep(item, other)]
    if len(kept) < len(items):
        ids = {id(item) for item in kept}
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in ids])
    items[:] = sorted(kept, key=lambda item: scheduling.started_first(item.path))


def keep(item: pytest.Item, other: str) -> bool:
    """Say whether `item` runs on this pass (see pytest_collection_modifyitems)."""
    if other in item.keywords:
        return False
    if databases.BACKEND == "sqlite" or "postgresql_only" in item.keywords:
        return True
    if "browser" in item.keywords:
        return "postgresql_also" in item.keywords
    return "test_databases" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def test_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Migrate one template database for the whole run."""
    template = databases.databases(tmp_path_factory.mktemp("template"))
    yield template
    template.close()


@pytest.fixture
def database_url(test_databases, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of this run's backend, dropped after the test."""
    url = test_databases.fresh(tmp_path)
    yield url
    test_databases.drop(url)


@pytest.fixture
def empty_database_url(test_databases, tmp_path: Path) -> Iterator[str]:
    """A fresh database of this run's backend that no migration has touched."""
    url = test_databases.empty(tmp_path)
    yield url
    test_databases.drop(url)


@pytest.fixture
def db_path(database_url: str) -> Path:
    """The SQLite file behind the test database (SQLite-only tests)."""
    assert database_url.startswith("sqlite:///"), "mark the test sqlite_only"
    return Path(database_url.removeprefix("sqlite:///"))


@pytest.fixture
def sql(database_url: str) -> Iterator[Callable[..., list]]:
    """Run raw SQL on the test database behind the app's back; return the rows, if any."""
    engine = databases.raw_engine(database_url)

    def run(statement: str, **params: object) -> list:
        with engine.connect() as connection:
            result = connection.execute(text(statement), params)
            return list(result) if result.returns_rows else []

    yield run
    engine.dispose()


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build apps on the test database; keyword arguments override config.

    Their connection pools are closed after the test, so no connection outlives its database.
    """
    made: list[Flask] = []

    def make(**overrides: object) -> Flask:
        config = {
            "TESTING": True,
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
            "WCS_HOOK_SECRETS": HOOK_SECRETS,
            "ENCRYPTION_KEYS": [ENCRYPTION_KEY],
            "PUBLIC_URL": "https://calls.example.net",
            # Refused hooks are written as they come, so a test reads them at once; their
            # batching has its own tests (tests/hooks/test_gate.py).
            "REFUSAL_FLUSH_SECONDS": 0,
        }
        made.append(create_app(config | overrides))
        return made[-1]

    yield make
    engines = [app.extensions[db.EXTENSION].kw["bind"] for app in made]
    # A connection still checked out here was leaked by the code under test (a session no
    # teardown closes); disposing the pool would leave it to the garbage collector.
    leaked = sum(engine.pool.checkedout() for engine in engines)
    for engine in engines:
        engine.dispose()
    gc.collect()
    assert leaked == 0, f"{leaked} database connection(s) left checked out after the test"


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
