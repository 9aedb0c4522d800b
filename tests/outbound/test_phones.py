"""Visitors' phone numbers reach a webhook endpoint whole only where the owner asked for it;
elsewhere masked, and an erasure finds the masked events too."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from callgate.apikeys import keys
from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.db.models import AuditEvent
from callgate.outbound import phones
from callgate.retention.erasure import Subject, erase
from callgate.webhooks import endpoints
from tests.data import ORIGIN
from tests.webhooks.helpers import LOOPBACK

NUMBER = "+49 30 901820"


@pytest.mark.parametrize(
    ("number", "masked"),
    [(NUMBER, "•••20"), ("+493012345678", "•••78"), ("7", "•••7"), ("", "•••")],
)
def test_a_masked_number_keeps_only_its_last_two_digits(number, masked):
    assert phones.mask(number) == masked


@pytest.mark.parametrize("data", [{"callId": "c1"}, {"phone": None}, {"phone": 49}])
def test_data_without_a_phone_number_is_sent_as_it_is(data):
    assert phones.for_endpoint(data, False) is data


def make(app, **fields: object) -> int:
    with app.app_context():
        wanted = {"url": "http://127.0.0.1:9/in", "events": ["callback.requested"]}
        row, _ = endpoints.create(get_db(), 1, wanted | fields, "cli", LOOPBACK)
        return row.id


def leave_callback(app, client, button_id: str) -> None:
    with app.app_context():
        update_button(get_db(), button_id, {"callback": True})
    answer = client.post(
        f"/api/v1/buttons/{button_id}/callbacks",
        json={"phone": NUMBER, "note": "after 3"},
        headers={"Origin": ORIGIN},
    )
    assert answer.status_code == 201, answer.get_json()


def sent(app) -> dict[int, dict]:
    with app.app_context():
        rows = get_db().scalars(select(WebhookMessage))
        return {row.endpoint_id: json.loads(row.body)["data"] for row in rows}


def test_only_the_endpoint_that_asked_gets_the_number_whole(app, client, button):
    masked, whole = make(app), make(app, includePhoneNumbers=True)
    leave_callback(app, client, button.id)
    got = sent(app)
    assert got[whole]["phone"].replace(" ", "").endswith("30901820")
    assert "phoneMasked" not in got[whole]
    assert got[masked]["phone"] is None and got[masked]["phoneMasked"] == "•••20"
    assert "901820" not in json.dumps(got[masked])
    assert got[masked]["id"] == got[whole]["id"] and got[masked]["note"] == "after 3"


def test_switching_applies_to_later_events_and_is_audited_once(app, client, button):
    endpoint = make(app)
    with app.app_context():
        row = get_db().get(WebhookEndpoint, endpoint)
        for include in (True, True, False, True):
            endpoints.share_phone_numbers(get_db(), row, include, "user:ed@example.com")
        query = select(AuditEvent.details).where(AuditEvent.action == "webhook.update")
        audited = list(get_db().scalars(query.order_by(AuditEvent.id)))
    assert [details["say"]["code"] for details in audited] == [
        "webhook_phones_included",
        "webhook_phones_masked",
        "webhook_phones_included",
    ]
    leave_callback(app, client, button.id)
    assert sent(app)[endpoint]["phone"].replace(" ", "").endswith("30901820")


def test_an_erasure_deletes_the_masked_events_of_the_persons_requests(app, client, button):
    make(app)
    leave_callback(app, client, button.id)
    with app.app_context():
        counts = erase(get_db(), Subject(phone=NUMBER), "user:admin@example.com")
    assert counts["webhook_messages"] == 1 and sent(app) == {}


@pytest.mark.parametrize(
    ("value", "status"), [(True, 201), (False, 201), ("yes", 400), (1, 400), (None, 400)]
)
def test_the_api_takes_the_setting_as_a_boolean(make_app, value, status):
    app = make_app(WEBHOOK_ALLOW_CIDRS=["127.0.0.1/32"])
    with app.app_context():
        _, key = keys.create_key(get_db(), 1, "k", ["webhooks:write"], keys.Creator("cli"))
    fields = {
        "url": "http://127.0.0.1:9/in",
        "events": ["call.ended"],
        "includePhoneNumbers": value,
    }
    answer = app.test_client().post(
        "/api/v1/manage/webhook-endpoints", json=fields, headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status_code == status, answer.get_json()
    if status == 201:
        assert answer.get_json()["includePhoneNumbers"] is value
    else:
        assert answer.get_json()["error"] == "bad_phone_setting"
        with app.app_context():
            assert get_db().scalar(select(WebhookEndpoint)) is None
