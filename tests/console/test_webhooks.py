"""The console's webhook endpoints: listed per workspace with their state; editors send a test
event and delete one, audited; viewers only look."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from callgate.db import get_db
from callgate.db.integrations import WebhookEndpoint
from callgate.db.models import AuditEvent, utcnow
from tests.console.helpers import log_in, post
from tests.webhooks.helpers import endpoint_with, receiving


@pytest.fixture
def app(make_app):
    return make_app(
        CONSOLE_ARGON2_MEMORY_KIB=64,
        CONSOLE_ARGON2_TIME_COST=1,
        WEBHOOK_ALLOW_CIDRS=["127.0.0.1/32"],
    )


def audited(app, action: str) -> list[tuple[str, str]]:
    with app.app_context():
        query = select(AuditEvent.actor, AuditEvent.reason).where(AuditEvent.action == action)
        return [tuple(row) for row in get_db().execute(query)]


def test_the_list_shows_each_visible_endpoint_with_its_state(
    app, client, make_user, other_workspace
):
    with app.app_context():
        mine, _ = endpoint_with(get_db(), "http://127.0.0.1:9/<b>mine</b>", [])
        endpoint_with(get_db(), "http://127.0.0.1:9/theirs", [], other_workspace)
        get_db().get(WebhookEndpoint, mine).failing_since = utcnow()
        get_db().commit()
    make_user("v@example.com", "viewer")
    log_in(client, "v@example.com")
    page = client.get("/console/webhooks").get_data(as_text=True)
    assert "Webhooks" in client.get("/console/").get_data(as_text=True)
    assert "/&lt;b&gt;mine&lt;/b&gt;" in page and "theirs" not in page
    assert 'data-state="failing"' in page and f'href="/console/webhooks/{mine}"' in page
    assert "Send test event" not in page and "Delete…" not in page


def test_an_editor_sends_a_test_event_and_deletes_the_endpoint(app, client, make_user):
    make_user("ed@example.com", "editor")
    log_in(client, "ed@example.com")
    with receiving(204) as (url, got):
        with app.app_context():
            made, secret = endpoint_with(get_db(), url, [])
        tried = post(client, f"/console/webhooks/{made}/test", form="/console/webhooks")
        assert tried.status_code == 200
        assert "Test event delivered: the endpoint answered HTTP 204." in tried.get_data(
            as_text=True
        )
    assert Webhook(secret).verify(got[0][2], got[0][1])["type"] == "webhook.test"
    gone = post(
        client, f"/console/webhooks/{made}/delete", {"confirm": "yes"}, f"/console/webhooks/{made}"
    )
    assert gone.status_code == 302
    assert client.get(f"/console/webhooks/{made}").status_code == 404
    assert audited(app, "webhook.test") == [
        ("user:ed@example.com", f"sent webhook.test to webhook endpoint {made}: HTTP 204")
    ]
    assert audited(app, "webhook.delete") == [
        ("user:ed@example.com", f"deleted webhook endpoint {made}")
    ]


def test_a_test_event_nobody_answers_is_said(app, as_admin):
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/nobody", [])
    tried = post(as_admin, f"/console/webhooks/{made}/test", form="/console/webhooks")
    assert tried.status_code == 200 and "Test event not delivered" in tried.get_data(as_text=True)


def test_the_pages_speak_russian(app, as_admin):
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/x", [("call.ended", utcnow())])
    as_admin.set_cookie("callgate_console_lang", "ru")
    listing = as_admin.get("/console/webhooks").get_data(as_text=True)
    log = as_admin.get(f"/console/webhooks/{made}").get_data(as_text=True)
    assert "Отправить тестовое событие" in listing and "Отправить снова" not in log
    assert "Попытки" in log and "ждёт" in log


def test_an_editor_chooses_whole_or_masked_phone_numbers(app, client, make_user):
    make_user("ed@example.com", "editor")
    log_in(client, "ed@example.com")
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/crm", [])
    page = client.get("/console/webhooks").get_data(as_text=True)
    assert 'data-phones="masked"' in page and "Send them whole" in page
    path = f"/console/webhooks/{made}/phones"
    whole = post(client, path, {"include": "yes"}, "/console/webhooks")
    assert whole.status_code == 302
    page = client.get(whole.headers["Location"]).get_data(as_text=True)
    assert "now gets visitors&#39; phone numbers whole" in page and 'data-phones="whole"' in page
    assert post(client, path, {"include": "no"}, "/console/webhooks").status_code == 302
    assert audited(app, "webhook.update") == [
        ("user:ed@example.com", f"phone numbers included for webhook endpoint {made}"),
        ("user:ed@example.com", f"phone numbers masked for webhook endpoint {made}"),
    ]


@pytest.mark.parametrize("choice", [None, "", "maybe", "YES"])
def test_a_phone_number_choice_other_than_yes_or_no_changes_nothing(app, as_admin, choice):
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/crm", [])
    form = {} if choice is None else {"include": choice}
    answer = post(as_admin, f"/console/webhooks/{made}/phones", form, "/console/webhooks")
    assert answer.status_code == 400
    assert "Choose whether phone numbers are sent whole." in answer.get_data(as_text=True)
    assert audited(app, "webhook.update") == []


def test_a_viewer_cannot_choose_phone_numbers(app, client, make_user):
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/crm", [])
    make_user("v@example.com", "viewer")
    log_in(client, "v@example.com")
    answer = post(
        client, f"/console/webhooks/{made}/phones", {"include": "yes"}, "/console/webhooks"
    )
    assert answer.status_code == 403
    with app.app_context():
        assert get_db().get(WebhookEndpoint, made).include_phone_numbers is False
