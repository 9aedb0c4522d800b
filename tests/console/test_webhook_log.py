"""An endpoint's delivery log in the console: pages, filters, and a resend that reaches a
receiver once it recovers; refusals from a table."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook

from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.db.models import AuditEvent, utcnow
from callgate.webhooks import outbox
from tests.console.helpers import csrf_token, log_in, post
from tests.webhooks.helpers import LOOPBACK, endpoint_with, receiving


@pytest.fixture
def logged(app, make_user, other_workspace):
    """An endpoint of each workspace with a delivery each; the client of `role` logged in."""
    with app.app_context():
        old = utcnow() - timedelta(hours=25)
        mine, _ = endpoint_with(get_db(), "http://127.0.0.1:9/mine", [("call.ended", old)])
        theirs, _ = endpoint_with(
            get_db(), "http://127.0.0.1:9/theirs", [("call.ended", old)], other_workspace
        )
        ids = dict(get_db().execute(select(WebhookMessage.endpoint_id, WebhookMessage.id)).all())

    def as_role(client, role: str):
        make_user(f"{role}@example.com", role)
        assert log_in(client, f"{role}@example.com").status_code == 302
        return {"mine": mine, "theirs": theirs, "d_mine": ids[mine], "d_theirs": ids[theirs]}

    return as_role


def resend_path(endpoint: int, delivery: int) -> str:
    return f"/console/webhooks/{endpoint}/deliveries/{delivery}/resend"


@pytest.mark.parametrize(
    ("role", "method", "path", "status"),
    [
        ("editor", "get", "/console/webhooks/{mine}?after=yesterday", 400),
        ("editor", "get", "/console/webhooks/{mine}?after=2026-12-07T10:00:00%2B00:00|x", 400),
        ("editor", "get", "/console/webhooks/{theirs}", 404),
        ("editor", "get", "/console/webhooks/99999", 404),
        ("editor", "post", "/console/webhooks/{theirs}/deliveries/{d_theirs}/resend", 404),
        ("editor", "post", "/console/webhooks/{mine}/deliveries/{d_theirs}/resend", 404),
        ("editor", "post", "/console/webhooks/{theirs}/test", 404),
        ("editor", "post", "/console/webhooks/{mine}/delete", 400),  # not confirmed
        ("viewer", "post", "/console/webhooks/{mine}/deliveries/{d_mine}/resend", 403),
        ("viewer", "post", "/console/webhooks/{mine}/test", 403),
        ("viewer", "post", "/console/webhooks/{mine}/delete", 403),
    ],
)
def test_bad_requests_are_refused(client, logged, role, method, path, status):
    ids = logged(client, role)
    target = path.format(**ids)
    if method == "get":
        answer = client.get(target)
    else:
        answer = post(client, target, form=f"/console/webhooks/{ids['mine']}")
    assert answer.status_code == status, answer.get_data(as_text=True)[:400]


def test_a_form_without_its_csrf_token_is_refused(app, client, logged):
    ids = logged(client, "editor")
    target = resend_path(ids["mine"], ids["d_mine"])
    answer = client.post(target, data={"csrf_token": "forged"})
    assert answer.status_code == 400 and "Form expired" in answer.get_data(as_text=True)
    with app.app_context():
        assert get_db().get(WebhookMessage, ids["d_mine"]).status == "pending"


def test_a_viewer_reads_the_log_without_resend_buttons(client, logged):
    ids = logged(client, "viewer")
    page = client.get(f"/console/webhooks/{ids['mine']}").get_data(as_text=True)
    assert "call.ended" in page and "Resend" not in page and "Delete endpoint" not in page


def test_pages_follow_the_cursor_and_filters(app, as_admin):
    base = utcnow() - timedelta(hours=1)
    events = [
        ("call.started" if i % 2 else "call.ended", base + timedelta(seconds=i)) for i in range(53)
    ]
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/many", events)
    first = as_admin.get(f"/console/webhooks/{made}").get_data(as_text=True)
    assert first.count('<tr data-status="pending"') == 50 and "← Newest" not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = as_admin.get(older).get_data(as_text=True)
    assert second.count('<tr data-status="pending"') == 3 and 'rel="next"' not in second
    assert "← Newest" in second
    ended = as_admin.get(f"/console/webhooks/{made}?event=call.ended").get_data(as_text=True)
    assert ended.count("<code>call.ended</code>") == 27 and "<code>call.started</code>" not in ended
    none = as_admin.get(f"/console/webhooks/{made}?status=delivered").get_data(as_text=True)
    assert "No deliveries here yet" in none


def test_resend_reaches_the_receiver_once_it_recovers(app, as_admin):
    with receiving(500) as (url, got):
        with app.app_context():
            made, secret = endpoint_with(
                get_db(), url, [("callback.requested", utcnow() - timedelta(hours=25))]
            )
            outbox.deliver_due(get_db(), utcnow(), LOOPBACK)  # 500 after 24 hours: it gives up
            delivery = get_db().scalar(select(WebhookMessage.id))
        log = as_admin.get(f"/console/webhooks/{made}").get_data(as_text=True)
        assert "HTTP 500" in log and "gave up" in log and "Resend" in log
        path = resend_path(made, delivery) + "?status=failing"
        done = post(as_admin, path, form=f"/console/webhooks/{made}")
        assert done.status_code == 302 and "notice=resent" in done.location
        assert "status=failing" in done.location
        token = csrf_token(as_admin, f"/console/webhooks/{made}")
        assert "notice=pending" in as_admin.post(path, data={"csrf_token": token}).location
        got.answers.append(204)
        with app.app_context():
            assert get_db().scalar(select(func.count()).select_from(WebhookMessage)) == 1
            assert outbox.deliver_due(get_db(), utcnow(), LOOPBACK) == 1
            said = select(AuditEvent.actor).where(AuditEvent.action == "webhook.resend")
            assert list(get_db().scalars(said)) == ["user:admin@example.com"]
    log = as_admin.get(f"/console/webhooks/{made}").get_data(as_text=True)
    assert "HTTP 204" in log and "delivered" in log
    assert len(got) == 2 and got[0][1]["webhook-id"] == got[1][1]["webhook-id"]
    assert Webhook(secret).verify(got[1][2], got[1][1])["type"] == "callback.requested"


def test_the_payload_is_escaped_and_hides_phone_numbers(app, as_admin):
    with app.app_context():
        db = get_db()
        made, _ = endpoint_with(db, "http://127.0.0.1:9/x", [])
        data = {"phone": "+49 30 901820", "note": "<script>alert(1)</script>"}
        outbox.enqueue(db, 1, "callback.requested", data, utcnow())
        db.commit()
    page = as_admin.get(f"/console/webhooks/{made}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "901820" not in page and "•••20" in page


def test_the_cursor_of_a_later_page_is_kept_in_the_link_back(as_admin, app):
    with app.app_context():
        made, _ = endpoint_with(get_db(), "http://127.0.0.1:9/x", [("call.ended", utcnow())])
    cursor = quote(f"{(utcnow() + timedelta(days=1)).isoformat()}|2147483647")
    page = as_admin.get(f"/console/webhooks/{made}?after={cursor}")
    assert page.status_code == 200 and "← Newest" in page.get_data(as_text=True)
