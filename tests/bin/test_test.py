"""bin/test, run in a copy of the checkout on a one-test suite that passes only on PostgreSQL:
a failed SQLite pass does not hide the PostgreSQL one, each pass says how it ended, and the
exit status says that one failed."""

from __future__ import annotations

import subprocess

import pytest

from tests.bin import checkouts

pytestmark = pytest.mark.sqlite_only
ONLY_ON_POSTGRESQL = """\
import os


def test_the_backend_is_postgresql():
    assert os.environ["CALLGATE_TEST_DATABASE"] == "postgresql"
"""


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> subprocess.CompletedProcess:
    checkout = checkouts.copy(tmp_path_factory.mktemp("checkout"))
    (checkout / "tests").mkdir()
    (checkout / "tests" / "test_backend.py").write_text(ONLY_ON_POSTGRESQL)
    return subprocess.run(
        [str(checkout / "bin" / "test"), "tests/test_backend.py"],
        cwd=checkout,
        env=checkouts.environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def summary(result: subprocess.CompletedProcess) -> list[str]:
    lines = result.stdout.splitlines()
    return [line.strip() for line in lines[lines.index("test: summary") + 1 :]]


def test_a_failed_sqlite_pass_does_not_skip_the_postgresql_pass(finished):
    assert "test: the suite on PostgreSQL" in finished.stderr
    [sqlite, postgresql] = [line for line in summary(finished) if "the suite on" in line]
    assert sqlite.startswith("FAILED  the suite on SQLite (exit status 1, ")
    assert sqlite.endswith(" 1 failed in " + sqlite.rsplit(" in ", 1)[1])
    assert postgresql.startswith("passed  the suite on PostgreSQL (")
    assert " 1 passed in " in postgresql


def test_each_step_has_a_line_and_the_status_says_one_failed(finished):
    steps = [line.split("  ", 1)[1].split(" (")[0] for line in summary(finished)]
    assert steps == [
        "ruff check",
        "ruff format --check",
        "mypy",
        "the suite on SQLite",
        "the suite on PostgreSQL",
        "the browser tests on SQLite",
        "the browser tests on PostgreSQL",
    ]
    assert finished.returncode == 1


def test_a_step_its_arguments_leave_without_tests_passes(finished):
    # The one test file given holds no browser test: those steps have nothing to run.
    browser = [line for line in summary(finished) if "the browser tests" in line]
    assert [line.split(" (")[0] for line in browser] == [
        "passed  the browser tests on SQLite",
        "passed  the browser tests on PostgreSQL",
    ]
    assert all(line.split(") ", 1)[1].startswith("no tests ran in ") for line in browser), browser
