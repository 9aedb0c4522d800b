"""Revision 0029 gives old change, account and erasure rows their reason's code, once."""

from __future__ import annotations

import importlib.util
import re
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from callgate.console import reasons
from callgate.console.reason_texts import TEXTS
from callgate.db import make_engine
from callgate.db.migrate import alembic_config

MIGRATION = (
    Path(__file__).resolve().parents[2] / "callgate/migrations/versions/0029_change_codes.py"
)
ANN = {"user": "ann@example.com"}
CHANGES = {"changes": {"callee": ["7001", "7002"]}}
SWITCHED = {"changes": {"kill_switch": [True, False]}}
ERASED = {"by": "phone number", "erased": {"callbacks": 1}}
ALREADY = {"user": "ann@example.com", "say": {"code": "user_created", "params": {"who": "x"}}}
EVENTS = sa.table(
    "audit_events",
    *(sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("action", sa.String)),
    *(sa.column("outcome", sa.String), sa.column("reason", sa.String)),
    *(sa.column("actor", sa.String), sa.column("count", sa.Integer)),
    sa.column("details", sa.JSON(none_as_null=True)),
)


def said(code: str, **params: str) -> dict:
    return {"say": {"code": code, "params": params}}


#: (action, reason, details before, details after, said in Russian)
CASES = [
    ("account", "user created", ANN | {"role": "editor"},
     ANN | {"role": "editor"} | said("user_created", who="ann@example.com"),
     "пользователь ann@example.com создан"),
    ("account", "password link revoked", ANN | {"link": 3},
     ANN | {"link": 3} | said("password_link_revoked", who="ann@example.com"),
     "ссылка для смены пароля ann@example.com отозвана"),
    ("account", "second factor on", ANN, ANN | said("second_factor_on", who="ann@example.com"),
     "второй фактор включён: ann@example.com"),
    ("button.create", "created Front desk", CHANGES,
     CHANGES | said("button_created", name="Front desk"), "кнопка Front desk создана"),
    ("button.update", "changed callee", CHANGES, CHANGES | said("button_changed"),
     "настройки кнопки изменены"),
    ("button.delete", "deleted <b>%(x)s</b>", CHANGES,
     CHANGES | said("button_deleted", name="<b>%(x)s</b>"), "кнопка <b>%(x)s</b> удалена"),
    ("apikey.create", "created key sync", CHANGES, CHANGES | said("apikey_created", name="sync"),
     "API-ключ sync создан"),
    ("apikey.revoke", "revoked key sync", CHANGES, CHANGES | said("apikey_revoked", name="sync"),
     "API-ключ sync отозван"),
    ("killswitch", "button kill switch off", SWITCHED,
     SWITCHED | said("kill_switch_button", state="off"), "аварийный стоп кнопки: выкл."),
    ("erasure", "a visitor's data erased, found by phone number", ERASED,
     ERASED | said("erased", by="phone number"),
     "данные посетителя стёрты; найдены по номеру телефона"),
    ("account", "user created", ALREADY, ALREADY, "пользователь x создан"),
    ("account", "user renamed", ANN, ANN, "user renamed"),
    ("account", "user created", {"role": "editor"}, {"role": "editor"}, "user created"),
    ("token", "created Front desk", None, None, "created Front desk"),
]  # fmt: skip


def backfill():
    spec = importlib.util.spec_from_file_location("change_codes", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def details_of(engine: sa.Engine) -> list[dict | None]:
    with engine.connect() as connection:
        return list(connection.execute(sa.select(EVENTS.c.details).order_by(EVENTS.c.id)).scalars())


def test_old_rows_read_in_russian_after_the_upgrade_once(make_app, empty_database_url):
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0028")
    engine = make_engine(empty_database_url)
    rows = [
        {"action": action, "reason": reason, "details": before, "actor": "cli"}
        for action, reason, before, *_ in CASES
    ]
    common = {"at": datetime(2026, 12, 1, 10, 0), "outcome": "done", "count": 1}
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), [common | row for row in rows])
    command.upgrade(config, "head")
    upgraded = details_of(engine)
    assert upgraded == [case[3] for case in CASES]
    app = make_app(DATABASE_URL=empty_database_url)
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        shown = [reasons.say(c[1], kept) for c, kept in zip(CASES, upgraded, strict=True)]
    assert shown == [case[4] for case in CASES]
    command.downgrade(config, "0028")
    command.upgrade(config, "head")
    assert details_of(engine) == upgraded
    command.check(config)
    engine.dispose()


@pytest.mark.parametrize(
    ("action", "reason", "details", "expected"),
    [
        ("erasure", "a visitor's data erased, found by call", {}, {"by": "call"}),
        ("erasure", "a visitor's data erased, found by customer id", {}, {"by": "customer id"}),
        ("killswitch", "global kill switch on", {}, {"state": "on"}),
        ("account", "user enabled", ANN, {"who": "ann@example.com"}),
        ("account", "invitation issued", ANN, {"who": "ann@example.com"}),
        ("account", "user enabled", {"user": 7}, None),
        ("button.create", "created", {}, None),
        ("erasure", "a visitor's data erased, found by magic", {}, None),
    ],
)
def test_old_wordings_are_read_per_action(action, reason, details, expected):
    found = backfill().say_of(action, reason, details)
    assert (found and found["params"]) == expected


def test_each_code_of_the_migration_is_said_with_the_values_it_reads():
    migration = backfill()
    for patterns in migration.PATTERNS.values():
        for pattern, code in patterns:
            assert code in TEXTS, code
            needed = set(re.findall(r"%\((\w+)\)s", TEXTS[code]))
            assert needed <= set(re.compile(pattern).groupindex), code
    for code in migration.ACCOUNT.values():
        assert set(re.findall(r"%\((\w+)\)s", TEXTS[code])) == {"who"}, code
