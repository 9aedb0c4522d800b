"""The order test files go out to the suite's worker processes in."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: Test files that take 15 s to 80 s each (they run bin/ scripts, servers, races), slowest
#: first. Workers take whole files in collection order; these go out first, so a run does not
#: end with one worker still busy on one of them while the others wait.
SLOW_FILES = (
    "bin/test_test.py",
    "bin/test_start.py",
    "runtime/test_serve.py",
    "system/test_package.py",
    "bin/test_start_ports.py",
    "system/test_login_flood.py",
    "system/test_concurrency.py",
    "db/test_statement_timeout.py",
    "guardrails/test_budget_race.py",
    "api/test_schemathesis.py",
    "cli/test_cmd_watchdog_processes.py",
    "bin/test_deps.py",
    "guardrails/test_slots.py",
    "console/test_scale_queries.py",
    "browser/test_console.py",
    "browser/test_budget.py",
    "browser/test_accessibility.py",
    "browser/test_watchdog.py",
)


def started_first(path: Path) -> int:
    """Return where the test file at `path` comes in SLOW_FILES (after them all if not there)."""
    name = path.relative_to(TESTS).as_posix()
    return SLOW_FILES.index(name) if name in SLOW_FILES else len(SLOW_FILES)
