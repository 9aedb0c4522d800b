"""Copies of the checkout for tests that run bin/ scripts as a new user would: the product's
files, its .venv and node_modules linked, and no instance/ (each copy makes its own)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "instance", ".git", "tests", ".pytest_cache", ".ruff_cache"}


def copy(folder: Path) -> Path:
    """Copy the product into `folder`/callgate (its .venv and node_modules linked); return it."""
    target = folder / "callgate"
    shutil.copytree(
        ROOT,
        target,
        ignore=lambda where, names: (
            [n for n in names if n in SKIP or n == "__pycache__" or n.endswith(".pyc")]
            if Path(where) == ROOT
            else [n for n in names if n == "__pycache__"]
        ),
    )
    for linked in (".venv", "node_modules"):
        (target / linked).symlink_to(ROOT / linked)
    return target


def environment(**settings: object) -> dict[str, str]:
    """Return this environment without CALLGATE_* and PROMETHEUS_* settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALLGATE_", "PROMETHEUS_"))}
    return env | {key: str(value) for key, value in settings.items()}
