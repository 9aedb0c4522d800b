"""Each reason the audit trail records reads in the console's language from its code and values.

Never from its English words: a reworded message reads the same, and reasons.py reads no text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from callgate.audit.trail import said
from callgate.console import reason_texts, reasons
from callgate.console.texts_ru import RU

SOURCES = [Path(reasons.__file__), Path(reason_texts.__file__)]
#: The values a row of each code is recorded with.
SAMPLES: dict[str, dict[str, str | int]] = {
    "page_origin": {"origin": "https://shop.example.com"},
    "rate_limited": {"kind": "prefix"},
    "no_button": {"id": "nope"},
    "special_number": {"prefix": "+190…", "kind": "premium-rate"},
    "outside_countries": {"prefix": "+749…"},
    "note_too_long": {"n": 500},
    "callback_request": {"n": 12, "origin": "https://shop.example.com"},
    "callback_marked": {"n": 12, "status": "done", "who": "ann@example.com"},
    "method_not_allowed": {"method": "transfer"},
    "field_not_allowed": {"field": "sipProxy"},
    "not_a_number": {"field": "duration"},
    "bad_field": {"field": "callId"},
    "forbidden_characters": {"field": "callee"},
    "wrong_body": {"method": "hangup"},
    "kill_switch_global": {"state": "on"},
    "kill_switch_button": {"state": "off"},
    "max_duration": {"n": 900},
    "max_duration_gone": {"n": 60},
    "watchdog_lease": {"holder": "host-1:4242"},
    "login": {"who": "ann@example.com"},
    "login_wrong_password": {"who": "ann@example.com"},
    "login_account_disabled": {"who": "ann@example.com"},
    "login_wrong_code": {"who": "ann@example.com"},
    "login_throttled": {"kind": "account"},
    "api_request": {"method": "GET", "path": "/api/v1/keys", "status": 200},
    "button_created": {"name": "Front desk"},
    "button_deleted": {"name": "Front desk"},
    "apikey_created": {"name": "people-sync"},
    "webhook_deleted": {"endpoint": 7},
    "alert_channel_added": {"channel": "Telegram: -100123"},
    "alert_channel_removed": {"channel": "e-mail: sales@shop.example"},
    "webhook_phones_included": {"endpoint": 7},
    "webhook_phones_masked": {"endpoint": 7},
    "webhook_resent": {"event": "callback.requested", "endpoint": 7},
    "webhook_tested": {"endpoint": 7, "status": 503},
    "webhook_tested_unanswered": {"endpoint": 7, "status": None},
    "apikey_revoked": {"name": "people-sync"},
    **{
        code: {"who": "ann@example.com"}
        for code in (
            *("user_created", "user_disabled", "user_enabled", "password_changed"),
            *("second_factor_on", "second_factor_removed", "role_changed"),
            *("invitation_issued", "password_link_issued"),
            *("invitation_revoked", "password_link_revoked"),
        )
    },
    "erased": {"by": "customer id"},
}
#: Words a Russian text must not keep from the English one.
ENGLISH = re.compile(r"\b(?:allowed|token|origin|button|calls?|is|not|by|from|the|per|for)\b")


def say(app, language: str, reason: str | None, details: object) -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        return reasons.say(reason, details)


def test_every_text_of_the_reasons_has_a_russian_one():
    texts = [*reason_texts.TEXTS.values(), "closed: “%(message)s”"]
    texts += [word for words in reason_texts.WORDS.values() for word in words.values()]
    assert sorted(t for t in texts if not RU.get(t)) == []
    assert sorted(t for t in texts if RU[t].count("%(") != t.count("%(")) == []


def test_each_code_with_values_has_its_sample():
    needs = {code for code, text in reason_texts.TEXTS.items() if "%(" in text}
    assert needs <= set(SAMPLES) <= set(reason_texts.TEXTS)


@pytest.mark.parametrize("code", sorted(reason_texts.TEXTS))
def test_each_code_reads_in_english_and_russian_with_its_values(app, code):
    values = SAMPLES.get(code, {})
    details = said(code, **values)
    words = {
        name: reason_texts.WORDS.get(name, {}).get(str(value), value)
        for name, value in values.items()
    }
    english = say(app, "en", "anything", details)
    assert english == reason_texts.TEXTS[code] % words
    russian = say(app, "ru", "anything", details)
    assert re.search("[а-яё]", russian) and ENGLISH.findall(russian) == [], russian
    for name, value in values.items():
        if name not in reason_texts.WORDS and f"%({name})s" in reason_texts.TEXTS[code]:
            assert str(value) in russian


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({"who": "<b>ann</b>"}, "wrong password: <b>ann</b>"),
        ({"who": "%(who)s %s %%"}, "wrong password: %(who)s %s %%"),
        ({"who": "a\x00b\nc"}, "wrong password: a\\x00b\\x0ac"),
    ],
)
def test_hostile_values_are_said_as_text(app, values, shown):
    assert say(app, "en", "r", said("login_wrong_password", **values)) == shown


def test_a_very_long_value_is_cut(app):
    shown = say(app, "en", "r", said("login_wrong_password", who="x" * 5000))
    assert shown.startswith("wrong password: xxx") and shown.endswith("…") and len(shown) < 200


def test_a_reworded_reason_reads_the_same(app):
    details = said("rate_limited", kind="ip")
    for language in ("en", "ru"):
        old = say(app, language, "rate limit ip", details)
        new = say(app, language, "Too many token requests from one address!", details)
        assert old == new != "rate limit ip"


def test_a_row_without_a_known_code_or_its_values_is_shown_as_recorded(app):
    for details in (
        None,
        {},
        {"changes": {"role": ["viewer", "editor"]}},
        said("no_such_code", n=1),
        said("callback_request", n=12),  # a value missing
        {"say": {"code": "too_many_calls"}},  # no values at all
        {"say": "too_many_calls"},
        said("max_duration", n=[1, 2]),  # a value that is not text or a number
    ):
        assert say(app, "ru", "Back on Monday, 9:00", details) == "Back on Monday, 9:00"
    assert say(app, "ru", None, None) == ""


def test_a_closed_buttons_own_words_are_said_as_closed(app):
    details = said("closed_own")
    assert say(app, "ru", "Back on Monday", details) == "закрыто: «Back on Monday»"
    assert say(app, "ru", "We are closed", said("closed")) == "закрыто"


def imported(tree: ast.AST) -> set[str]:
    """Return the top-level modules a module's source imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_reasons_read_no_text(path):
    """reasons.py and its table say reasons from codes: no regular expression, no matching."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not ({"re", "regex", "fnmatch", "difflib"} & imported(tree))
    matching = {"match", "fullmatch", "search", "findall", "finditer", "sub", "compile"}
    matching |= {"startswith", "endswith", "removeprefix", "partition", "split", "find"}
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert matching & used == set()
    compared = {
        name.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        for name in ast.walk(node)
        if isinstance(name, ast.Name)
    }
    assert {"reason", "recorded", "text"} & compared == set()
