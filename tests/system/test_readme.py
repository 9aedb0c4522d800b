"""The README shows the deployment files as they are and documents the operator's settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import config_server

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
        *(f"CALLGATE_{key}" for key in config_server.DEFAULTS),
        "CALLGATE_SETTINGS_FILE",
        "CALLGATE_LOG_LEVEL",
    ],
)
def test_each_server_setting_is_in_a_settings_table(name):
    assert re.search(rf"^\| `{name}` \|", README, re.M), name


@pytest.mark.parametrize("command", ["audit list", "button create", "calls list", "db upgrade"])
def test_the_command_table_lists_every_group(command):
    assert re.search(rf"^\| `{command}[ `]", README, re.M), command
