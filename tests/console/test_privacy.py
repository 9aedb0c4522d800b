"""The Privacy page (admins): the retention periods in force, and an erasure, confirmed first."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from callgate.accounts import users
from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.db.models import AuditEvent
from callgate.db.routes import CallContext
from callgate.retention.sweep import TARGETS
from callgate.visitors.callbacks import list_callbacks
from tests.console.helpers import csrf_token, log_in, post
from tests.data import ORIGIN
from tests.retention.test_erasure_customer import ask, identity

NUMBER = "+493012345678"
NOBODY = "Give one of a phone number, a call id or a verified customer id."


@pytest.fixture
def requested(app, client, button):
    """A callback request left for the test button with NUMBER."""
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    body = json.dumps({"phone": NUMBER, "note": "after six"})
    answer = client.post(
        f"/api/v1/buttons/{button.id}/callbacks", data=body, headers={"Origin": ORIGIN}
    )
    assert answer.status_code == 201
    return button


def stored(app) -> list[str]:
    with app.app_context():
        return [r["phone"] for r in list_callbacks(get_db())]


def test_the_page_shows_the_periods_in_force(make_app, make_user):
    app = make_app(
        CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1, RETENTION_DAYS_AUDIT="off"
    )
    with app.app_context():
        users.create(get_db(), "boss@example.com", "admin", "correct horse battery", None)
    client = app.test_client()
    log_in(client, "boss@example.com")
    text = client.get("/console/privacy").get_data(as_text=True)
    for name, shown in [("CALLBACKS", "90 days"), ("CALLS", "180 days"), ("REPORTS", "180 days")]:
        assert f"CALLGATE_RETENTION_DAYS_{name}" in text and shown in text
    assert "forever" in text
    russian = client.get("/console/privacy", headers={"Accept-Language": "ru"})
    assert "бессрочно" in russian.get_data(as_text=True)


def test_webhook_messages_are_said_to_follow_the_callback_requests_period(make_app, make_user):
    assert WebhookMessage in [model for model, _ in TARGETS["callbacks"]]  # what the sweep does
    app = make_app(
        CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1, RETENTION_DAYS_CALLBACKS="30"
    )
    with app.app_context():
        users.create(get_db(), "boss@example.com", "admin", "correct horse battery", None)
    client = app.test_client()
    log_in(client, "boss@example.com")
    for language, said, days in [("en", "Webhook messages", "30 days"), ("ru", "вебхуков", "30")]:
        page = client.get("/console/privacy", headers={"Accept-Language": language})
        [row] = [row for row in table_rows(page.get_data(as_text=True)) if said in row]
        assert "CALLGATE_RETENTION_DAYS_CALLBACKS" in row and days in row
        assert ("просьбы перезвонить" if language == "ru" else "callback requests") in row


def table_rows(html: str) -> list[str]:
    """Return the periods table's rows as plain text."""
    body = html.split('<table class="retention">', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", " ", row) for row in body.split("<tr")[1:]]


def test_an_erasure_is_confirmed_then_done_and_audited(app, as_admin, requested):
    asked = post(as_admin, "/console/privacy/erase", {"phone": NUMBER}, form="/console/privacy")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "This cannot be undone." in page
    assert "Callback requests with this number: 1." in page
    assert stored(app) == [NUMBER]
    done = post(
        as_admin,
        "/console/privacy/erase",
        {"phone": NUMBER, "confirm": "yes"},
        form="/console/privacy",
    )
    assert done.status_code == 302 and NUMBER not in done.headers["Location"]
    assert stored(app) == []
    with app.app_context():
        [row] = get_db().scalars(select(AuditEvent).where(AuditEvent.action == "erasure"))
    assert row.actor == "user:admin@example.com"
    assert NUMBER not in json.dumps(row.details) and NUMBER not in (row.reason or "")
    notice = as_admin.get(done.headers["Location"]).get_data(as_text=True)
    assert "Erased: 2 rows changed." in notice


@pytest.mark.parametrize(
    ("form", "said"),
    [
        ({}, NOBODY),
        ({"phone": NUMBER, "call": "c1"}, NOBODY),
        ({"phone": "call me maybe"}, "This is not a phone number"),
        ({"call": "no-such-call"}, "No call has this id."),
        ({"phone": NUMBER, "customer": "cust-1"}, NOBODY),
        ({"customer": "c" * 65}, "A customer id has 1 to 64 characters."),
    ],
)
def test_a_bad_request_is_said_next_to_the_form(app, as_admin, requested, form, said):
    answer = post(as_admin, "/console/privacy/erase", form, form="/console/privacy")
    assert answer.status_code == 400 and said in answer.get_data(as_text=True)
    assert stored(app) == [NUMBER]


def test_only_admins_see_or_erase(app, client, make_user, requested):
    make_user("ed@example.com", "editor")
    log_in(client, "ed@example.com")
    assert client.get("/console/privacy").status_code == 403
    token = csrf_token(client, "/console/callbacks")
    answer = client.post(
        "/console/privacy/erase", data={"csrf_token": token, "phone": NUMBER, "confirm": "yes"}
    )
    assert answer.status_code == 403 and stored(app) == [NUMBER]
    assert "Privacy" not in client.get("/console/callbacks").get_data(as_text=True)


def test_a_verified_customer_is_erased_through_the_form_only(app, client, as_admin, button):
    customer = "cust-9@shop"
    body = {"identity": identity(app, button.id, customer)}
    assert ask(client, button.id, body, "203.0.113.60").status_code == 200  # an unused token
    asked = post(
        as_admin, "/console/privacy/erase", {"customer": customer}, form="/console/privacy"
    )
    page = asked.get_data(as_text=True)
    assert (
        asked.status_code == 200
        and "Call attempts with this customer id: 1, of which calls: 0." in page
    )
    assert f'name="customer" value="{customer}"' in page
    done = post(
        as_admin,
        "/console/privacy/erase",
        {"customer": customer, "confirm": "yes"},
        form="/console/privacy",
    )
    assert done.status_code == 302 and customer not in done.headers["Location"]
    with app.app_context():
        [context] = get_db().scalars(select(CallContext))
        [row] = get_db().scalars(select(AuditEvent).where(AuditEvent.action == "erasure"))
    assert (context.customer, context.name) == (None, None)
    assert row.details["by"] == "customer id" and customer not in json.dumps(row.details)
