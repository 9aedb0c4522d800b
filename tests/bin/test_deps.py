"""Locked, hashed dependencies: every lock pins every package with its hashes, within the ranges
of pyproject.toml; bin/setup installs them hash-checked, pip and setuptools first; bin/deps
re-locks and says what changed."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
LOCKS = [
    "requirements-pip.txt",
    "requirements.txt",
    "requirements-dev.txt",
    "requirements-test.txt",
]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+?)(?: ;.*)? \\$")


def entries(lock: str) -> list[tuple[str, str, str]]:
    """Return (name, version, the entry's whole text) for each requirement of a lock."""
    text = (ROOT / lock).read_text()
    blocks = re.split(r"\n(?=[^\s#])", text)
    found = []
    for block in blocks:
        if block.startswith("#") or not block.strip():
            continue
        match = PIN.match(block.splitlines()[0])
        assert match, f"{lock}: not a pinned, hashed entry: {block.splitlines()[0]!r}"
        found.append((match.group(1).lower().replace("_", "-"), match.group(2), block))
    return found


def pins(lock: str) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for name, pinned, _ in entries(lock):
        result.setdefault(name, set()).add(pinned)
    return result


@pytest.mark.parametrize("lock", LOCKS)
def test_every_entry_is_pinned_with_its_hashes(lock):
    found = entries(lock)
    assert found
    for name, _, block in found:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), name


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [
        ("requirements.txt", PROJECT["dependencies"]),
        ("requirements-dev.txt", PROJECT["optional-dependencies"]["dev"]),
        ("requirements-test.txt", PROJECT["optional-dependencies"]["test"][1:]),
    ],
)
def test_each_lock_holds_its_set_within_the_ranges(lock, wanted):
    locked = pins(lock)
    for line in wanted:
        requirement = Requirement(line)
        name = requirement.name.lower().replace("_", "-")
        assert name in locked, f"{name} is missing from {lock}"
        assert any(requirement.specifier.contains(v) for v in locked[name]), (name, locked[name])


def test_the_sets_nest_on_the_same_versions():
    runtime, dev, test = (pins(lock) for lock in LOCKS[1:])
    assert all(dev[name] == versions for name, versions in runtime.items())
    assert all(test[name] == versions for name, versions in dev.items())


def test_setup_upgrades_pip_and_setuptools_then_installs_hash_checked():
    setup = (ROOT / "bin" / "setup").read_text()
    installs = re.findall(r"^\s*pip_install (.*)$", setup, re.M)
    assert installs[:2] == [
        "--require-hashes -r requirements-pip.txt",
        '--require-hashes -r "$requirements"',
    ]
    for name in ("pip", "setuptools"):
        assert {version(name)} == pins("requirements-pip.txt")[name], name
    assert (ROOT / ".venv" / "bin" / "callgate").is_file()


@pytest.fixture
def copy(tmp_path) -> Path:
    """bin/deps with the project's ranges and locks, in a folder of its own."""
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin" / "deps", tmp_path / "bin" / "deps")
    for name in ("pyproject.toml", "requirements-pip.in", *LOCKS):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    return tmp_path


def deps(copy: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(copy / "bin" / "deps"), *args], cwd=copy, capture_output=True, text=True, timeout=300
    )


# bin/deps asks the package index; it is the same on either database backend.
@pytest.mark.sqlite_only
def test_deps_relocks_a_changed_range_and_says_what_moved(copy):
    same = deps(copy)
    assert same.returncode == 0, same.stderr
    assert same.stdout.splitlines()[-1] == "deps: no version changed"
    for lock in LOCKS:
        assert (copy / lock).read_text() == (ROOT / lock).read_text(), lock
    pyproject = copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"pyotp>=2.9,<3"', '"pyotp==2.9.0"'))
    moved = deps(copy)
    assert moved.returncode == 0, moved.stderr
    old = pins("requirements.txt")["pyotp"].pop()
    assert f"  ~ pyotp {old} -> 2.9.0" in moved.stdout.splitlines()
    assert "requirements.txt:" in moved.stdout and "requirements-test.txt:" in moved.stdout
    assert re.search(
        r"^pyotp==2\.9\.0 \\\n    --hash=sha256:", (copy / "requirements.txt").read_text(), re.M
    )


def test_deps_refuses_unknown_options(copy):
    refused = deps(copy, "--frobnicate")
    assert refused.returncode == 2 and refused.stderr.startswith("usage: bin/deps")
