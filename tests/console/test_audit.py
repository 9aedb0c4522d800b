"""The audit page: changes made in the console audited with who and what, filters, two languages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from callgate.accounts import users
from callgate.accounts.roles import change_role
from callgate.audit.trail import record
from callgate.buttons.store import list_buttons
from callgate.console.changes import ACTIONS, FIELDS
from callgate.console.texts_ru import RU
from callgate.db import get_db
from callgate.db.models import AuditEvent
from tests.console.helpers import PASSWORD, post
from tests.console.test_buttons import GOOD
from tests.data import ORIGIN


def rows(html: str) -> list[str]:
    """Return the audit table's rows as plain text, one string each."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr")[1:]
    ]


def changes(app) -> list[tuple[str, str, dict]]:
    with app.app_context():
        found = get_db().scalars(
            select(AuditEvent).where(AuditEvent.actor.is_not(None)).order_by(AuditEvent.id)
        )
        return [(e.action, e.actor, e.details["changes"]) for e in found]


def test_creating_changing_and_deleting_in_the_console_is_audited_as_the_user(app, as_admin):
    assert post(as_admin, "/console/buttons/new", GOOD).status_code == 302
    with app.app_context():
        [button] = list_buttons(get_db())
    edit = f"/console/buttons/{button.id}"
    changed = GOOD | {"callee": "7002", "sip_password": "", "origins": ORIGIN, "daily_calls": "7"}
    assert post(as_admin, edit, changed).status_code == 302
    assert post(as_admin, edit, changed | {"sip_password": "other-secret"}).status_code == 302
    assert post(as_admin, f"{edit}/delete", {"confirm": "yes"}, form=edit).status_code == 302
    found = changes(app)
    assert [(action, actor) for action, actor, _ in found] == [
        ("button.create", "user:admin@example.com"),
        ("button.update", "user:admin@example.com"),
        ("button.update", "user:admin@example.com"),
        ("button.delete", "user:admin@example.com"),
    ]
    assert found[1][2] == {
        "origins": [["https://www.example.com", "https://*.example.org"], [ORIGIN]],
        "callee": ["+74951234567", "7002"],
        "daily_calls": [50, 7],
    }
    assert found[2][2] == {"sip_password": "changed"}
    assert "front-desk-secret" not in str(found) and "other-secret" not in str(found)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Callee : 7001 → 7002"),
        ("ru", "Номер назначения : 7001 → 7002"),
    ],
)
def test_a_change_reads_field_by_field_in_the_consoles_language(
    as_admin, runner, button, lang, said
):
    runner.invoke(args=["button", "update", button.id, "--callee", "7002", "--no-precheck"])
    as_admin.set_cookie("callgate_console_lang", lang)
    [row] = rows(as_admin.get("/console/audit?kind=changes").get_data(as_text=True))
    assert said in row
    assert ("command line" if lang == "en" else "командная строка") in row
    assert (
        "Microphone check : on → off" if lang == "en" else "Проверка микрофона : вкл. → выкл."
    ) in row


def test_changes_written_elsewhere_show_the_same_way(app, as_admin):
    with app.app_context():
        record(
            get_db(),
            "user.role",
            "done",
            "role changed",
            actor="apikey:people-sync",
            details={"changes": {"role": ["viewer", "editor"], "password": "changed"}},
        )
    [row] = rows(as_admin.get("/console/audit?kind=changes").get_data(as_text=True))
    assert "API key people-sync" in row
    assert "Role : viewer → editor" in row and "password : changed (not shown)" in row


def test_the_page_filters_by_kind_and_by_who(client, as_admin, runner, button):
    client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    runner.invoke(args=["killswitch", "on", "--button", button.id])
    post(as_admin, "/console/killswitch", {"button": button.id, "on": "0", "confirm": "yes"})
    html = as_admin.get(f"/console/audit?button={button.id}").get_data(as_text=True)
    assert len(rows(html)) == 3
    assert '<option value="cli">command line</option>' in html
    assert '<option value="user:admin@example.com">admin@example.com</option>' in html
    by_cli = rows(as_admin.get("/console/audit?actor=cli").get_data(as_text=True))
    assert len(by_cli) == 1 and "Kill switch : off → on" in by_cli[0]
    assert len(rows(as_admin.get("/console/audit?kind=changes").get_data(as_text=True))) == 2
    decisions = f"/console/audit?kind=decisions&button={button.id}"
    [decision] = rows(as_admin.get(decisions).get_data(as_text=True))
    assert f"page origin {ORIGIN}" in decision


def test_a_refusal_reads_in_russian(client, as_admin, button):
    client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.example"})
    as_admin.set_cookie("callgate_console_lang", "ru")
    [row] = rows(as_admin.get("/console/audit?action=token").get_data(as_text=True))
    assert "этому сайту нельзя использовать эту кнопку" in row
    assert "this site" not in row and "Токен звонка" in row


def test_every_action_and_field_has_its_russian_name():
    assert sorted(name for name in ACTIONS.values() if not RU.get(name)) == []
    assert sorted(name for name in FIELDS.values() if not RU.get(name)) == []


def test_a_change_says_what_it_was_above_its_fields_in_russian(app, as_admin, runner, button):
    with app.app_context():
        ann = users.create(get_db(), "ann@example.com", "viewer", PASSWORD, actor="cli")
        change_role(get_db(), ann, "admin", None, actor="cli")
    runner.invoke(args=["button", "update", button.id, "--callee", "7002", "--no-precheck"])
    as_admin.set_cookie("callgate_console_lang", "ru")
    html = as_admin.get("/console/audit?kind=changes").get_data(as_text=True)
    changed, role, created = rows(html)
    assert "роль ann@example.com изменена" in role and "Администратор установки" in role
    assert "Кнопка изменена" in changed
    assert "настройки кнопки изменены Номер назначения : 7001 → 7002" in changed
    assert "Учётная запись" in created and "пользователь ann@example.com создан" in created
    assert "user created" not in html and "changed callee" not in html
