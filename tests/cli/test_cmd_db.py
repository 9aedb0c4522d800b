"""`callgate db backup|restore`: a live SQLite database backed up under load and restored
elsewhere with every acknowledged write; a restore checks what it restores and where; on
PostgreSQL, pg_dump and pg_restore."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from callgate.buttons.store import create_button
from callgate.db import get_db
from tests import databases
from tests.data import BUTTON, HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

ROOMY = {f"RATE_LIMITS_{kind}": "100000/minute" for kind in ("IP", "PREFIX", "BUTTON", "GLOBAL")}
BUSY_BUTTON = dict(BUTTON, daily_calls=100000, daily_minutes=100000, max_concurrent=100)


class Caller(threading.Thread):
    """Places calls through the app, one after another, noting each that /call acknowledged."""

    def __init__(self, app, button_id: str) -> None:
        super().__init__(daemon=True)
        self.client, self.button_id = app.test_client(), button_id
        self.wcs = FakeWcs(self.client, HOOK_SECRETS[0])
        self.acknowledged: list[str] = []
        self.stop, self.errors = threading.Event(), []

    def run(self) -> None:
        while not self.stop.is_set():
            grant = self.client.post(
                f"/api/v1/buttons/{self.button_id}/token", headers={"Origin": ORIGIN}
            )
            sid = session_id()
            connect = self.wcs.connect_body(grant.get_json()["token"], ORIGIN, sid)
            body = self.wcs.call_body(sid)
            answers = [self.wcs.post("connect", connect), self.wcs.post("call", body)]
            if [a.status_code for a in answers] != [200, 200]:
                self.errors.append([a.get_json() for a in answers])
                continue
            self.acknowledged.append(body["callId"])
            finish = self.wcs.event_body(sid, "FINISH", body["callId"])
            self.wcs.post("CallStatusEvent", finish)


def call_ids(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in connection.execute("SELECT call_id FROM calls")}
    finally:
        connection.close()


@pytest.mark.sqlite_only
def test_a_live_database_is_backed_up_under_load_with_every_acknowledged_call(make_app, tmp_path):
    app = make_app(**ROOMY)
    with app.app_context():
        button = create_button(get_db(), dict(BUSY_BUTTON))
    caller = Caller(app, button.id)
    caller.start()
    try:
        while len(caller.acknowledged) < 20:
            assert caller.is_alive() and not caller.errors, caller.errors
        before = list(caller.acknowledged)
        result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "b.sqlite3")])
        # The writes go on beside the backup: it holds no lock on the database.
        after = len(caller.acknowledged)
        while len(caller.acknowledged) < after + 5:
            assert caller.is_alive() and not caller.errors, caller.errors
    finally:
        caller.stop.set()
        caller.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("backed up at revision ")
    assert not caller.errors
    elsewhere = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    restored = elsewhere.test_cli_runner().invoke(
        args=["db", "restore", str(tmp_path / "b.sqlite3")]
    )
    assert restored.exit_code == 0, restored.output
    kept = call_ids(tmp_path / "restored.sqlite3")
    assert set(before) <= kept
    assert kept <= set(caller.acknowledged)
    assert (tmp_path / "b.sqlite3").stat().st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only
def test_a_restore_over_a_database_in_use_is_refused_unless_forced(app, runner, db_path, tmp_path):
    assert runner.invoke(args=["db", "backup", str(tmp_path / "b.sqlite3")]).exit_code == 0
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as other:
        other.execute(text("SELECT count(*) FROM buttons"))
        refused = runner.invoke(args=["db", "restore", str(tmp_path / "b.sqlite3")])
        forced = runner.invoke(args=["db", "restore", str(tmp_path / "b.sqlite3"), "--force"])
    engine.dispose()
    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: the database {db_path} is in use")
    assert forced.exit_code == 0, forced.output


def not_sqlite(path: Path) -> None:
    path.write_text("hello")


def other_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (x)")
    connection.close()


def future_revision(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE alembic_version (version_num VARCHAR(32));"
        "INSERT INTO alembic_version VALUES ('9999'); CREATE TABLE buttons (id TEXT);"
    )
    connection.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("make", "error"),
    [
        (not_sqlite, "is not a Callgate database"),
        (other_sqlite, "is not a Callgate database"),
        (future_revision, "schema revision 9999, which this version does not know"),
        (None, "there is no file"),
    ],
)
def test_a_restore_refuses_what_is_no_callgate_backup(runner, db_path, tmp_path, make, error):
    before = db_path.read_bytes()
    if make:
        make(tmp_path / "bad.sqlite3")
    result = runner.invoke(args=["db", "restore", str(tmp_path / "bad.sqlite3")])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output.startswith("Error: ") and error in result.output
    assert db_path.read_bytes() == before


@pytest.mark.sqlite_only
def test_a_backup_never_overwrites_a_file(runner, tmp_path):
    (tmp_path / "b.sqlite3").write_text("keep me")
    result = runner.invoke(args=["db", "backup", str(tmp_path / "b.sqlite3")])
    assert (result.exit_code, (tmp_path / "b.sqlite3").read_text()) == (1, "keep me")
    assert "exists already" in result.output


@pytest.mark.postgresql_only
def test_pg_dump_and_pg_restore_carry_the_data(
    app, runner, button, make_app, test_databases, tmp_path
):
    dump = tmp_path / "callgate.dump"
    result = runner.invoke(args=["db", "backup", str(dump)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("backed up at revision ")
    target = test_databases.empty(tmp_path)
    try:
        elsewhere = make_app(DATABASE_URL=target)
        restored = elsewhere.test_cli_runner().invoke(args=["db", "restore", str(dump)])
        assert restored.exit_code == 0, restored.output
        engine = databases.raw_engine(target)
        with engine.connect() as connection:
            names = connection.execute(text("SELECT id, name FROM buttons")).all()
        engine.dispose()
        assert [tuple(n) for n in names] == [(button.id, button.name)]
        listed = elsewhere.test_cli_runner().invoke(args=["button", "list", "--json"])
        assert button.id in listed.output
    finally:
        test_databases.drop(target)
