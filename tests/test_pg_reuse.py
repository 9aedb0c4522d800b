"""A used PostgreSQL test database goes to the next test only as the template left it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests import databases

pytestmark = pytest.mark.postgresql_only


def run(url: str, *statements: str) -> list:
    """Run statements on a test database; return the last one's rows."""
    engine = databases.raw_engine(url)
    with engine.connect() as connection:
        for statement in statements:
            result = connection.execute(text(statement))
        rows = list(result) if result.returns_rows else []
    engine.dispose()
    return rows


def used(test_databases, tmp_path, *statements: str) -> tuple[str, str]:
    """Return a copy's URL and the URL the next test gets after `statements` ran on it."""
    url = test_databases.fresh(tmp_path)
    run(url, *statements)
    test_databases.drop(url)
    return url, test_databases.fresh(tmp_path)


def test_a_used_copy_comes_back_as_the_template_left_it(test_databases, tmp_path):
    before = run(test_databases.fresh(tmp_path), "SELECT id, name FROM workspaces")
    url, again = used(
        test_databases,
        tmp_path,
        "INSERT INTO workspaces (name, created_at) VALUES ('Other', now())",
        "DELETE FROM workspaces WHERE id = 1",
        "ANALYZE workspaces",
    )
    assert make_url(again).database == make_url(url).database
    assert run(again, "SELECT id, name FROM workspaces") == before == [(1, "Default")]
    assert run(again, "SELECT nextval('workspaces_id_seq')") == [(2,)]
    statistics = "SELECT count(*) FROM pg_statistic WHERE starelid = 'workspaces'::regclass"
    assert run(again, statistics) == [(0,)]
    test_databases.drop(again)


@pytest.mark.parametrize(
    "change",
    [
        "ALTER TABLE workspaces ADD COLUMN extra integer",
        "ALTER TABLE workspaces ALTER COLUMN name TYPE varchar(500)",
        "ALTER TABLE workspaces ALTER COLUMN name DROP NOT NULL",
        "ALTER TABLE workspaces ALTER COLUMN name SET DEFAULT 'x'",
        "ALTER TABLE workspaces ADD CONSTRAINT ck_extra CHECK (id > 0)",
        "CREATE SEQUENCE extra_seq",
        "CREATE VIEW extra_view AS SELECT id FROM workspaces",
        "CREATE INDEX ix_extra ON workspaces (name)",
        "UPDATE alembic_version SET version_num = '0001'",
        "DROP TABLE alembic_version",
    ],
)
def test_a_copy_whose_schema_changed_is_dropped(test_databases, tmp_path, change):
    url, again = used(test_databases, tmp_path, change)
    assert make_url(again).database != make_url(url).database
    assert run(again, "SELECT count(*) FROM alembic_version") == [(1,)]
    test_databases.drop(again)


def test_a_copy_something_is_still_connected_to_is_dropped(test_databases, tmp_path):
    url = test_databases.fresh(tmp_path)
    engine = databases.raw_engine(url)
    connection = engine.connect()
    test_databases.drop(url)
    again = test_databases.fresh(tmp_path)
    assert make_url(again).database != make_url(url).database
    connection.invalidate()
    engine.dispose()
    test_databases.drop(again)


def test_closing_drops_every_database_made_even_one_never_handed_back():
    made = databases.PostgresDatabases(prefix=f"cg_test_{os.getpid()}x")
    kept, handed_back = made.fresh(Path()), made.fresh(Path())
    made.drop(handed_back)
    made.close()
    names = [make_url(url).database for url in (kept, handed_back)] + [made.template]
    listed = run(
        databases.POSTGRES_URL,
        "SELECT datname FROM pg_database WHERE datname LIKE 'cg\\_test\\_%'",
    )
    assert {name for (name,) in listed} & set(names) == set()
