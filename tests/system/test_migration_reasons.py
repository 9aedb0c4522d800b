"""Revision 0026 gives old audit rows their reason's code and values, once, from their words."""

from __future__ import annotations

import importlib.util
import re
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from callgate.buttons.texts import TEXTS as BUTTON_TEXTS
from callgate.console import reasons
from callgate.console.reason_texts import OWN_WORDS, TEXTS
from callgate.db import make_engine
from callgate.db.migrate import alembic_config

MIGRATION = (
    Path(__file__).resolve().parents[2] / "callgate/migrations/versions/0026_reason_codes.py"
)
HOSTILE = "https://evil.example/<b>%(x)s</b>"
CHANGES = {"changes": {"global_kill_switch": [False, True]}}
ALREADY = {"say": {"code": "rate_limited", "params": {"kind": "button"}}}
EVENTS = sa.table(
    "audit_events",
    *(sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("action", sa.String)),
    *(sa.column("outcome", sa.String), sa.column("reason", sa.String)),
    *(sa.column("code", sa.String), sa.column("origin", sa.String)),
    *(sa.column("count", sa.Integer), sa.column("details", sa.JSON(none_as_null=True))),
)


def say(code: str, **params: str | int) -> dict:
    return {"code": code, "params": params}


def said(code: str, **params: str | int) -> dict:
    return {"say": say(code, **params)}


#: (action, reason, code, origin, details before, details after, said in Russian)
CASES = [
    ("token", "rate limit ip", "rate_limited_ip", None, None, said("rate_limited", kind="ip"),
     "превышен лимит: на адрес"),
    ("token", "rate limit ip", "rate_limited_ip", None, None, said("rate_limited", kind="ip"),
     "превышен лимит: на адрес"),
    ("token", f"origin {HOSTILE}", None, None, None, said("page_origin", origin=HOSTILE),
     f"источник страницы {HOSTILE}"),
    ("token", "this site is not allowed to use this button", "origin_not_allowed", HOSTILE, None,
     said("origin_not_listed"), "этому сайту нельзя использовать эту кнопку"),
    ("callback", "callback request 7 from https://shop.example.com", None, None, None,
     said("callback_request", n=7, origin="https://shop.example.com"),
     "просьба перезвонить 7 с https://shop.example.com"),
    ("callback", "callback request 7 marked done by admin@example.com", None, None, None,
     said("callback_marked", n=7, status="done", who="admin@example.com"),
     "просьба перезвонить 7 отмечена «перезвонили», кто: admin@example.com"),
    ("watchdog", "max duration 600s reached; WCS no longer knew the call", None, None, None,
     said("max_duration_gone", n=600),
     "звонок достиг наибольшей длительности (600 с); шлюз уже не знал о нём"),
    ("login", "wrong password: ann@example.com", "login_failed", None, None,
     said("login_wrong_password", who="ann@example.com"), "неверный пароль: ann@example.com"),
    ("login", "too many failed logins (ip): ann@example.com", "login_throttled", None, None,
     said("login_throttled", kind="ip"), "слишком много попыток входа: на адрес"),
    ("token", "no button 'nope'", "not_found", None, None, said("no_button", id="nope"),
     "кнопки nope нет"),
    ("token", "Back on Monday", "closed", None, None, said(OWN_WORDS),
     "закрыто: «Back on Monday»"),
    ("killswitch", "global kill switch on", None, None, CHANGES,
     CHANGES | said("kill_switch_global", state="on"), "аварийный стоп для всех кнопок: вкл."),
    ("token", "rate limit prefix", "rate_limited_prefix", None, ALREADY, ALREADY,
     "превышен лимит: на кнопку"),
    ("token", "a wording nobody knows", None, None, None, None, "a wording nobody knows"),
]  # fmt: skip


def backfill():
    spec = importlib.util.spec_from_file_location("reason_codes", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def details_of(engine: sa.Engine) -> list[dict | None]:
    with engine.connect() as connection:
        return list(connection.execute(sa.select(EVENTS.c.details).order_by(EVENTS.c.id)).scalars())


def test_old_rows_read_in_russian_after_the_upgrade_once(make_app, empty_database_url):
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0025")
    engine = make_engine(empty_database_url)
    names = ("action", "reason", "code", "origin", "details")
    rows = [dict(zip(names, case[:5], strict=True)) for case in CASES]
    common = {"at": datetime(2026, 12, 1, 10, 0), "outcome": "refused", "count": 1}
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), [common | row for row in rows])
    command.upgrade(config, "head")
    upgraded = details_of(engine)
    assert upgraded == [case[5] for case in CASES]
    app = make_app(DATABASE_URL=empty_database_url)
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        shown = [reasons.say(c[1], kept) for c, kept in zip(CASES, upgraded, strict=True)]
    assert shown == [case[6] for case in CASES]
    command.downgrade(config, "0025")
    command.upgrade(config, "head")
    assert details_of(engine) == upgraded
    command.check(config)
    engine.dispose()


@pytest.mark.parametrize(
    ("reason", "code", "expected"),
    [
        ('no button "it\'s"', "not_found", say("no_button", id="it's")),
        ("control character in a field", None, say("forbidden_characters_unnamed")),
        ("invalid unicode in note", None, say("forbidden_characters", field="note")),
        ("max duration 600s reached", None, say("max_duration", n=600)),
        ("not a call body", None, say("wrong_body", method="call")),
        ("not a valid phone number", None, say("not_a_phone")),
        ("kill switch", "kill_switch", say("kill_switch")),
        ("closed", None, say("closed")),
        (BUTTON_TEXTS["ru"]["closed"], "closed", say("closed")),
        ("Back on Monday", None, None),
        ("ann@example.com", None, None),
        (None, None, None),
    ],
)
def test_old_wordings_read_as_the_old_console_read_them(reason, code, expected):
    assert backfill().say_of(reason, code) == expected


def test_each_code_of_the_table_is_said_with_the_values_it_reads():
    for pattern, code in backfill().PATTERNS:
        assert code in TEXTS, code
        needed = set(re.findall(r"%\((\w+)\)s", TEXTS[code]))
        assert needed <= set(re.compile(pattern).groupindex), code


def test_the_frozen_closed_texts_are_todays():
    assert set(backfill().CLOSED_TEXTS) == {texts["closed"] for texts in BUTTON_TEXTS.values()}
