"""cli/output.py: one line for every error, and `db upgrade` advised only when it would help."""

from __future__ import annotations

from tests.databases import BACKEND
from tests.system.test_migrations import CREATE


def refuse_new_buttons(sql) -> None:
    """Make the database itself refuse every new button, as a failing constraint would."""
    if BACKEND == "sqlite":
        sql(
            "CREATE TRIGGER no_buttons BEFORE INSERT ON buttons "
            "BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        return
    sql(
        "CREATE FUNCTION no_buttons() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'no'; END $$"
    )
    sql(
        "CREATE TRIGGER no_buttons BEFORE INSERT ON buttons FOR EACH ROW "
        "EXECUTE FUNCTION no_buttons()"
    )


def test_a_database_error_on_a_current_schema_does_not_advise_an_upgrade(runner, sql):
    refuse_new_buttons(sql)
    result = runner.invoke(args=["button", "create", *CREATE], input="pw\n")
    assert result.exit_code == 1
    assert result.output.startswith("Error: database error (")
    assert "upgrade" not in result.output
    assert len(result.output.splitlines()) == 1
