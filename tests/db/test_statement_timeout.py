"""A session's statements stop after its time limit; other sessions' do not inherit it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from callgate.config import ConfigError
from callgate.db import get_db
from callgate.db.timeouts import limit_statements, timed_out

# About 2 s of work on SQLite; on PostgreSQL a plain sleep.
SLOW = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000000)"
    " SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(2)",
}


def slow(db) -> str:
    return SLOW[db.get_bind().dialect.name]


def test_a_statement_past_the_limit_is_stopped(app):
    with app.app_context():
        db = get_db()
        limit_statements(db, 0.2)
        with pytest.raises(OperationalError) as caught:
            db.execute(text(slow(db)))
        assert timed_out(caught.value)
        db.rollback()


def test_the_next_session_on_the_same_pool_has_no_limit(app):
    with app.app_context():
        db = get_db()
        limit_statements(db, 0.2)
        db.execute(text("SELECT 1"))
        db.commit()
    with app.app_context():
        db = get_db()
        db.execute(text(slow(db)))


@pytest.mark.postgresql_only
def test_a_limited_session_compiles_nothing_and_the_next_one_may(app):
    """JIT compiling cost the overview's grouped counts more than running them."""
    with app.app_context():
        db = get_db()
        limit_statements(db, 5)
        assert db.scalar(text("SHOW jit")) == "off"
        assert db.scalar(text("SHOW statement_timeout")) == "5s"
        db.commit()
    with app.app_context():
        assert get_db().scalar(text("SHOW jit")) == "on"


def test_the_limit_is_one_to_thirty_seconds(make_app):
    for bad in (0, 31):
        with pytest.raises(ConfigError, match="CALLGATE_CONSOLE_STATEMENT_TIMEOUT"):
            make_app(CONSOLE_STATEMENT_TIMEOUT=bad)
