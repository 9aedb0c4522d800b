"""Every console text has a Russian translation; the language follows the switch or the browser."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from callgate.console.texts_ru import RU
from tests.console.helpers import post

ROOT = Path(__file__).resolve().parents[2]
IN_TEMPLATE = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def template_texts() -> set[str]:
    found = set()
    for path in (ROOT / "callgate" / "templates" / "console").glob("*.html"):
        for match in IN_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return found


def code_texts() -> set[str]:
    found = set()
    for path in (ROOT / "callgate" / "console").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def test_the_finders_find_texts():
    assert {"Log in", "Kill switch"} <= template_texts()
    assert "Wrong e-mail address or password." in code_texts()


def test_every_text_has_a_russian_translation():
    texts = template_texts() | code_texts() | {"editor", "viewer"}
    assert sorted(t for t in texts if not RU.get(t)) == []
    assert sorted(t for t in texts if RU[t].count("%(") != t.count("%(")) == []


def test_accept_language_picks_russian(client):
    page = client.get("/console/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert 'lang="ru"' in page.get_data(as_text=True)
    assert "Вход в консоль" in page.get_data(as_text=True)


def test_the_switch_overrides_the_browser(client):
    response = post(
        client, "/console/language", {"language": "ru", "next": "/console/login"}, "/console/login"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/login"
    page = client.get("/console/login", headers={"Accept-Language": "en"})
    assert "Вход в консоль" in page.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/elsewhere"])
def test_the_switch_goes_back_only_into_the_console(client, target):
    response = post(
        client, "/console/language", {"language": "en", "next": target}, "/console/login"
    )
    assert response.headers["Location"] == "/console/"
