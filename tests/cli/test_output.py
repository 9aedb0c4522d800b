"""cli/output.py: one line for every error, and `db upgrade` advised only when it would help."""

from __future__ import annotations

import ast
import re

from tests.databases import BACKEND
from tests.system.test_layout import ROOT, product_modules
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


def messages(tree: ast.AST) -> list[str]:
    """Return the string constants of `tree` that are not docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def test_no_message_advises_a_flask_command_that_needs_an_activated_virtualenv():
    # `flask` lives in .venv/bin; `bin/callgate` runs from any directory with the settings.
    advice = [
        f"{path.relative_to(ROOT)}: {text}"
        for path in product_modules()
        for text in messages(ast.parse(path.read_text(encoding="utf-8")))
        if re.search(r"`flask ", text)
    ]
    assert advice == []


def test_an_unmigrated_database_is_answered_with_the_bin_callgate_upgrade(
    make_app, empty_database_url
):
    runner = make_app(DATABASE_URL=empty_database_url).test_cli_runner()
    result = runner.invoke(args=["button", "list"])
    assert result.exit_code == 1
    assert result.output.endswith("; if this is a new database, run `bin/callgate db upgrade`\n")
