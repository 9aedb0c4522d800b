"""Every face names who makes a configuration change, so the core audits each one.

The core's changing functions audit a change only when told who made it (`actor=`); tests and
fixtures may leave it out, a face may not. Every call of them in a face is read with `ast`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.system.test_layout import FACES, ROOT

#: The core functions that change configuration, by the name a face calls them with.
CHANGING = {"create_button", "update_button", "delete_button", "move_button", "switch"}


def face_modules() -> list[Path]:
    """Return every Python file of every face."""
    return sorted(p for face in FACES for p in (ROOT / "callgate" / face).rglob("*.py"))


def unaudited(tree: ast.AST) -> list[str]:
    """Return the calls in `tree` of a changing function that do not pass `actor=`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in CHANGING and "actor" not in {k.arg for k in node.keywords}:
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


@pytest.mark.parametrize("path", face_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_change_a_face_makes_names_its_actor(path):
    assert unaudited(ast.parse(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("store.update_button(db, i, f)", 1),
        ("killswitch.switch(db, True, None)", 1),
        ("delete_button(db, i)", 1),
        ("store.update_button(db, i, f, actor=CLI)", 0),
        ("killswitch.switch(db, on, b, actor=access.actor())", 0),
    ],
)
def test_the_checker_finds_a_change_without_an_actor(source, expected):
    assert len(unaudited(ast.parse(source))) == expected
