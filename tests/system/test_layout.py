"""The floor plan: faces over a Flask-free core over the ground, each face apart, dev tools apart.

Every import of every product module is read with `ast` and checked against the layers below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FACES = {"widget", "hooks", "cli", "console", "landing", "ops", "api"}
CORE = {
    *("calltokens", "ratelimit", "buttons", "guardrails", "calls", "audit", "vault"),
    *("telemetry", "visitors", "accounts", "retention", "routes", "apikeys", "webhooks"),
    *("alerts", "outbound"),
}
GROUND = {"db", "errors", "addresses"}
WIRING = {"app", "config", "runtime", "__main__"}
DEV = {"dev"}
PROJECT = FACES | CORE | GROUND | WIRING | DEV | {"tests", "migrations"}
PACKAGE = "callgate"
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
    """Return each import in `tree` as (module, names taken from it).

    `from callgate import x` is read as an import of the module `callgate.x`.
    """
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == PACKAGE and node.level == 0:
            found += [(f"{PACKAGE}.{alias.name}", []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def top_of(module: str) -> str:
    """Return the floor-plan name of an imported module: `callgate.db.models` is `db`."""
    parts = module.split(".")
    return parts[1] if parts[0] == PACKAGE and len(parts) > 1 else parts[0]


def violations(package: str, tree: ast.AST) -> list[str]:
    """Return what the imports in `tree`, a module of `package`, break of the floor plan."""
    mine, broken = layer(package), []
    for module, names in imports(tree):
        top = top_of(module)
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
    return [p for top in (PACKAGE, "dev") for p in (ROOT / top).rglob("*.py")]


def package_of(path: Path) -> str:
    """Return the floor-plan name of a file: the package under callgate/, or `dev`."""
    parts = path.relative_to(ROOT).parts
    return parts[1].removesuffix(".py") if parts[0] == PACKAGE else parts[0]


def test_every_top_level_package_has_a_layer():
    unknown = {package_of(p) for p in product_modules()} - PROJECT - {"__init__"}
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
        ("hooks", "from callgate.widget.tokens import bp", "face hooks imports face widget"),
        ("widget", "from callgate import console", "face widget imports face console"),
        ("guardrails", "from callgate.hooks.session_ids import x", "core guardrails imports face"),
        ("buttons", "from flask import request", "core buttons reads Flask request state"),
        ("calls", "from flask import current_app", "core calls reads Flask request state"),
        ("ratelimit", "from flask_limiter import Limiter", "Flask extension flask_limiter"),
        ("vault", "from callgate import config", "core vault imports wiring config"),
        ("db", "from callgate.buttons.store import get_button", "ground db imports core buttons"),
        ("errors", "from callgate import widget", "ground errors imports face widget"),
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
        (
            "widget",
            "from callgate.buttons.store import get_button\nfrom callgate.widget import cors",
        ),
        ("vault", "from flask import Flask\nfrom callgate.db import EXTENSION"),
        ("dev", "from tests.browser.stack import start\nfrom callgate.hooks.verify import sign"),
        ("app", "from callgate import cli, hooks, widget"),
        ("calls", "import logging\nfrom sqlalchemy import select"),
    ],
)
def test_the_checker_lets_the_plan_through(package, source):
    assert violations(package, ast.parse(source)) == []


def test_create_app_reads_as_a_table_of_contents():
    tree = ast.parse((ROOT / "callgate" / "app.py").read_text(encoding="utf-8"))
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


#: The audit trail is written by the core and the faces, so it sits right on the ground.
AUDIT_MAY_IMPORT = GROUND | {"audit"}


def package_imports() -> dict[str, set[str]]:
    """Return, for each package of ours, the other packages of ours it imports."""
    found: dict[str, set[str]] = {}
    for path in product_modules():
        package = package_of(path)
        for module, _names in imports(ast.parse(path.read_text(encoding="utf-8"))):
            top = top_of(module)
            if module.startswith(f"{PACKAGE}.") and top != package:
                found.setdefault(package, set()).add(top)
    return found


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """Return one cycle of `edges` as the packages around it, or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return []
        for nxt in sorted(edges.get(node, ())):
            if found := visit(nxt, path + [node]):
                return found
        done.add(node)
        return []

    return next((found for node in sorted(edges) if (found := visit(node, []))), [])


def test_no_two_packages_import_each_other_around_a_cycle():
    # The wiring is the root: bin/serve's server builds the app that configures its logging.
    edges = {
        package: {top for top in tops if layer(top) != "wiring"}
        for package, tops in package_imports().items()
        if layer(package) != "wiring"
    }
    assert cycle(edges) == []


def test_the_checker_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}}) == []


def test_the_audit_trail_sits_below_everything_that_writes_to_it():
    assert package_imports().get("audit", set()) <= AUDIT_MAY_IMPORT
