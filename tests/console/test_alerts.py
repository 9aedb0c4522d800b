"""The console's alerts page: anyone adds alerts to their own e-mail; editors also to an address,
a Slack-compatible webhook or a Telegram chat; bad forms are said, never stored; removing is for
editors and the person whose alert it is."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from callgate.db import get_db
from callgate.db.alerts import AlertChannel
from tests.console.helpers import log_in, post

TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ"
PATH = "/console/alerts"


@pytest.fixture
def app(make_app):
    return make_app(
        CONSOLE_ARGON2_MEMORY_KIB=64,
        CONSOLE_ARGON2_TIME_COST=1,
        SMTP_HOST="127.0.0.1",
        WEBHOOK_ALLOW_CIDRS=["127.0.0.1/32"],
    )


def rows(app) -> list[tuple[str, str, list[str], int | None]]:
    with app.app_context():
        found = get_db().scalars(select(AlertChannel).order_by(AlertChannel.id))
        return [(c.kind, c.label, c.alerts, c.user_id) for c in found]


def as_role(client, make_user, role: str) -> int:
    user_id = make_user(f"{role}@example.com", role)
    assert log_in(client, f"{role}@example.com").status_code == 302
    return user_id


def test_a_viewer_sends_alerts_to_themselves_only(app, client, make_user):
    viewer = as_role(client, make_user, "viewer")
    form = {"workspace": "1", "send_to": "me", "missed_call": "on", "digest": "15"}
    assert post(client, PATH, form).status_code == 302
    assert rows(app) == [("email", "e-mail: my address", ["missed_call"], viewer)]
    slack = form | {"send_to": "slack", "url": "http://127.0.0.1:9/hook"}
    assert post(client, PATH, slack).status_code == 403
    page = client.get(PATH).get_data(as_text=True)
    assert 'value="slack"' not in page and "E-mail to me (viewer@example.com)" in page


def test_an_editor_adds_chat_alerts_and_their_secret_is_not_shown(app, client, make_user):
    as_role(client, make_user, "editor")
    common = {"workspace": "1", "callback": "on", "budget": "on", "digest": "0"}
    assert (
        post(client, PATH, common | {"send_to": "slack", "url": "http://127.0.0.1:9/h"}).status_code
        == 302
    )
    telegram = common | {"send_to": "telegram", "bot_token": TOKEN, "chat_id": "-100123"}
    assert post(client, PATH, telegram).status_code == 302
    assert [(kind, label) for kind, label, _a, _u in rows(app)] == [
        ("slack", "Slack-compatible: 127.0.0.1"),
        ("telegram", "Telegram: -100123"),
    ]
    page = html.unescape(client.get(PATH).get_data(as_text=True))
    assert TOKEN not in page and "http://127.0.0.1:9/h" not in page
    assert "Callback requests" in page and "Daily budget used up" in page


@pytest.mark.parametrize(
    ("form", "said"),
    [
        (
            {"send_to": "email", "address": "x@y\r\nBcc: a@b.example", "callback": "on"},
            "not an e-mail address",
        ),
        ({"send_to": "email", "address": "owner@shop.example"}, "alerts must be some of"),
        ({"send_to": "me", "callback": "on", "digest": "-5"}, "digestMinutes must be 0 to 1440"),
        (
            {"send_to": "me", "callback": "on", "digest": "\u00b3"},
            "digestMinutes must be 0 to 1440",
        ),
        (
            {"send_to": "me", "callback": "on", "digest": "9" * 40},
            "digestMinutes must be 0 to 1440",
        ),
        ({"send_to": "slack", "url": "https://10.0.0.1/x", "callback": "on"}, "10.0.0.1"),
        ({"send_to": "slack", "url": "file:///etc/passwd", "callback": "on"}, "https"),
        (
            {"send_to": "telegram", "bot_token": "<b>", "chat_id": "1", "callback": "on"},
            "bot token",
        ),
        ({"send_to": "fax", "callback": "on"}, "kind must be one of"),
    ],
)
def test_bad_forms_are_said_and_nothing_is_stored(app, client, make_user, form, said):
    as_role(client, make_user, "editor")
    answer = post(client, PATH, {"workspace": "1"} | form)
    assert answer.status_code == 400
    assert said in html.unescape(answer.get_data(as_text=True))
    assert rows(app) == []


@pytest.mark.parametrize("workspace", ["2", "abc", "", "9" * 30, "-1", "\u00b3", "\u0661"])
def test_a_workspace_the_user_is_not_in_is_refused(app, client, make_user, workspace):
    as_role(client, make_user, "editor")
    answer = post(client, PATH, {"workspace": workspace, "send_to": "me", "callback": "on"})
    assert answer.status_code == 403
    assert rows(app) == []


def test_removing_is_for_editors_and_the_person_it_is_for(app, client, make_user):
    as_role(client, make_user, "editor")
    post(client, PATH, {"workspace": "1", "send_to": "me", "callback": "on"})
    mine = app.test_client()
    as_role(mine, make_user, "viewer")
    post(mine, PATH, {"workspace": "1", "send_to": "me", "missed_call": "on"})
    with app.app_context():
        editors, viewers = get_db().scalars(select(AlertChannel.id).order_by(AlertChannel.id))
    assert post(mine, f"{PATH}/{editors}/remove", form=PATH).status_code == 403
    assert post(mine, f"{PATH}/{viewers}/remove", form=PATH).status_code == 302
    assert post(mine, f"{PATH}/{2**40}/remove", form=PATH).status_code == 404
    assert post(client, f"{PATH}/{editors}/remove", form=PATH).status_code == 302
    assert rows(app) == []


def test_the_page_speaks_russian_and_the_menu_links_it(app, client, make_user):
    as_role(client, make_user, "editor")
    client.set_cookie("callgate_console_lang", "ru", path="/console/")
    page = client.get(PATH).get_data(as_text=True)
    assert "Добавить оповещение" in page and "Пропущенные звонки" in page
    assert 'href="/console/alerts" aria-current="page"' in page
