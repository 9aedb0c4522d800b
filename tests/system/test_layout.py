"""The floor plan: faces over a Flask-free core over the ground, each face apart, dev tools apart.

Every import of every product module is read with `ast` and checked against the layers below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FACES = {"widget", "hooks", "cli", "console", "landing", "ops"}
CORE = {
    *("calltokens", "ratelimit", "buttons", "guardrails", "calls", "audit", "vault"),
    *("telemetry", "visitors", "accounts"),
}
GROUND = {"db", "errors", "addresses"}
WIRING = {
    *("app", "config", "config_checks", "config_env", "config_server", "logs"),
    *("serve", "serve_logging"),
}
DEV = {"dev"}
PROJECT = FACES | CORE | GROUND | WIRING | DEV | {"tests", "migrations"}
#: Flask names that are request or app-context state; the core never reads them.
REQUEST_STATE = {"request", "g", "session", "current_app", "has_request_context"}


def layer(package: str) -> str:
    """Return the layer of a top-level package or module name ("" when it is not ours)."""
    for name, members in (
        ("face", FACES),
        ("core", CORE),
        ("ground", GROUND),
        ("wiring", WIRING),
        ("dev", DEV),
    ):
        if package in members:
            return name
    return "tests" if package == "tests" else "migrations" if package == "migrations" else ""


def imports(tree: ast.AST) -> list[tuple[str, list[str]]]:
    """Return each import in `tree` as (module, names taken from it)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def violations(package: str, tree: ast.AST) -> list[str]:
    """Return what the imports in `tree`, a module of `package`, break of the floor plan."""
    mine, broken = layer(package), []
    for module, names in imports(tree):
        top = module.split(".")[0]
        theirs = layer(top)
        if mine == "face" and theirs == "face" and top != package:
            broken.append(f"face {package} imports face {top}")
        if mine == "core" and theirs in ("face", "wiring", "dev", "tests"):
            broken.append(f"core {package} imports {theirs} {top}")
        if mine == "core" and top == "flask" and REQUEST_STATE & set(names):
            broken.append(f"core {package} reads Flask request state {REQUEST_STATE & set(names)}")
        if mine == "core" and top.startswith("flask_"):
            broken.append(f"core {package} imports the Flask extension {top}")
        if mine == "ground" and theirs not in ("ground", ""):
            broken.append(f"ground {package} imports {theirs} {top}")
        if mine not in ("dev", "tests") and theirs in ("dev", "tests"):
            broken.append(f"{mine} {package} imports {theirs} {top}")
    return broken


def product_modules() -> list[Path]:
    """Return every Python file of the product and its dev tools (not tests, not vendored)."""
    skip = {".venv", "node_modules", "tests", ".git"}
    return [p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] not in skip]


def package_of(path: Path) -> str:
    """Return the top-level package (or module) name of a file under ROOT."""
    first = path.relative_to(ROOT).parts[0]
    return first.removesuffix(".py")


def test_every_top_level_package_has_a_layer():
    unknown = {package_of(p) for p in product_modules()} - PROJECT
    assert not unknown, f"put {unknown} in a layer of the floor plan"


@pytest.mark.parametrize("path", product_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_follow_the_floor_plan(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert violations(package_of(path), tree) == []


@pytest.mark.parametrize("path", product_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_import_registers_things_by_side_effect(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if "import" in line and "noqa: F401" in line]


@pytest.mark.parametrize(
    ("package", "source", "expected"),
    [
        ("hooks", "from widget.routes import bp", "face hooks imports face widget"),
        ("widget", "import console", "face widget imports face console"),
        ("guardrails", "from hooks.session_ids import client_ip", "core guardrails imports face"),
        ("buttons", "from flask import request", "core buttons reads Flask request state"),
        ("calls", "from flask import current_app", "core calls reads Flask request state"),
        ("ratelimit", "from flask_limiter import Limiter", "Flask extension flask_limiter"),
        ("vault", "import config", "core vault imports wiring config"),
        ("db", "from buttons.store import get_button", "ground db imports core buttons"),
        ("errors", "import widget", "ground errors imports face widget"),
        ("widget", "from dev.gateway import server", "face widget imports dev dev"),
        ("app", "from tests.data import ORIGIN", "wiring app imports tests tests"),
    ],
)
def test_the_checker_catches_each_kind_of_break(package, source, expected):
    [found] = violations(package, ast.parse(source))
    assert expected in found


@pytest.mark.parametrize(
    ("package", "source"),
    [
        ("widget", "from buttons.store import get_button\nfrom widget import cors"),
        ("vault", "from flask import Flask\nfrom db import EXTENSION"),
        ("dev", "from tests.browser.stack import start\nfrom hooks.verify import sign"),
        ("app", "import widget\nimport hooks\nimport cli"),
        ("calls", "import logging\nfrom sqlalchemy import select"),
    ],
)
def test_the_checker_lets_the_plan_through(package, source):
    assert violations(package, ast.parse(source)) == []


def test_create_app_reads_as_a_table_of_contents():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    [factory] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "create_app"]
    assert factory.end_lineno - factory.lineno + 1 <= 30
    calls = [ast.unparse(n.func) for n in ast.walk(factory) if isinstance(n, ast.Call)]
    order = [c for c in calls if c.endswith(".init_app") or c == "config.load"]
    assert order[:6] == [
        "config.load",
        "logs.init_app",
        "db.init_app",
        "vault.init_app",
        "widget.init_app",
        "hooks.init_app",
    ]
    assert order[-1] == "cli.init_app"
