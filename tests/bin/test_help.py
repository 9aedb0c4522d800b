"""`--help` and `-h` on every bin/ script: its usage, exit status 0, and nothing started,
installed or written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import click
import pytest

from tests.bin import checkouts

pytestmark = pytest.mark.sqlite_only
SCRIPTS = ["start", "serve", "setup", "test", "callgate"]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    return checkouts.copy(tmp_path_factory.mktemp("checkout"))


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def usage(checkout: Path, script: str, option: str) -> str:
    result = subprocess.run(
        [str(checkout / "bin" / script), option],
        cwd="/",
        # Ports that are taken or impossible: were it to go on, bin/start would fail.
        env=checkouts.environment(CALLGATE_PORT=1, GATEWAY_PORT=1, DEMO_PORT=1),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, ""), script
    return result.stdout


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help_prints_usage_and_starts_nothing(checkout, script, option):
    before = listing(checkout)
    text = usage(checkout, script, option)
    assert text.startswith(f"Usage: bin/{script}")
    assert len(text.splitlines()) >= 3
    assert listing(checkout) == before
    assert not (checkout / "instance").exists()


def test_bin_callgate_s_usage_lists_every_command_group(checkout, app):
    text = usage(checkout, "callgate", "--help")
    [listed] = re.findall(r"^Commands: (.*)\.$", text, re.M)
    # The `callgate` command adds `serve` to the app's own groups.
    groups = [*app.cli.list_commands(click.Context(app.cli)), "serve"]
    ours = [name for name in groups if name not in ("routes", "run", "shell")]
    assert listed.split(", ") == sorted(ours)
