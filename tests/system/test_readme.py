"""The README shows the deployment files as they are and documents the operator's settings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click
import pytest

from callgate.config import server as server_config
from callgate.retention import periods

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", README, re.S | re.M)


def test_the_readme_shows_the_nginx_configuration_as_it_is():
    conf = (ROOT / "deploy" / "nginx" / "callgate.conf").read_text(encoding="utf-8")
    assert conf in blocks("nginx")


@pytest.mark.parametrize("unit", sorted((ROOT / "deploy" / "systemd").glob("*.service")))
def test_the_readme_names_each_systemd_unit(unit):
    assert f"deploy/systemd/{unit.name}" in README


@pytest.mark.parametrize(
    "name",
    [
        *(f"CALLGATE_{key}" for key in server_config.DEFAULTS),
        "CALLGATE_SETTINGS_FILE",
        "CALLGATE_INSTANCE_PATH",
        "CALLGATE_LOG_LEVEL",
    ],
)
def test_each_server_setting_is_in_a_settings_table(name):
    assert re.search(rf"^\| `{name}` \|", README, re.M), name


@pytest.mark.parametrize(
    "command",
    ["audit list", "button create", "calls list", "db upgrade", "db backup", "visitors erase"],
)
def test_the_command_table_lists_every_group(command):
    assert re.search(rf"^\| `{command}[ `]", README, re.M), command


def test_the_changelog_starts_with_the_version_pyproject_names():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (\S+)", changelog, re.M)[0] == version


@pytest.mark.parametrize("kind", ["CALLS", "CALLBACKS", "REPORTS", "AUDIT"])
def test_each_retention_period_is_in_a_settings_table_with_its_default(kind):
    days = periods.DEFAULTS[kind.lower()]
    assert re.search(rf"^\| `CALLGATE_RETENTION_DAYS_{kind}` \| `{days}` \|", README, re.M)


def shell_commands() -> list[str]:
    """Return each command of the README's `sh` blocks, continuation lines joined, comments cut."""
    commands = []
    for block in blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def test_no_example_needs_an_activated_virtualenv():
    # `flask`, `gunicorn` … exist only in .venv/bin: typed bare, they fail unless it is active.
    bare = r"^(flask|gunicorn|alembic|pytest|pip|ruff|mypy)(\s|$)"
    assert [line for line in shell_commands() if re.match(bare, line)] == []
    assert [span for span in re.findall(r"`([^`\n]+)`", README) if re.match(bare, span)] == []


CALLGATE_EXAMPLES = sorted(set(re.findall(r"bin/callgate ([a-z0-9-]+ [a-z0-9-]+)", README)))


@pytest.mark.parametrize("words", CALLGATE_EXAMPLES)
def test_each_bin_callgate_example_is_a_command_of_the_cli(app, words):
    group_name, command_name = words.split()
    context = click.Context(app.cli)
    group = app.cli.get_command(context, group_name)
    assert isinstance(group, click.Group), group_name
    assert command_name in group.commands, words
