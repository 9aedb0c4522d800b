"""Buttons over the management API: the core's checks and codes, the password write-only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callgate.accounts import workspaces
from callgate.buttons.store import create_button
from callgate.db import get_db
from callgate.db.models import AuditEvent, Button
from tests.api.helpers import BAD_CURSORS
from tests.data import BUTTON, SIP_PASSWORD


def test_create_read_change_delete(app, api):
    made = api("POST", "/buttons", json=BUTTON)
    assert made.status_code == 201, made.get_json()
    button = made.get_json()
    assert button["name"] == "Sales" and button["sip"]["passwordSet"] is True
    assert SIP_PASSWORD not in made.get_data(as_text=True)
    path = f"/buttons/{button['id']}"
    assert api("GET", path).get_json()["id"] == button["id"]
    assert [b["id"] for b in api("GET", "/buttons").get_json()["data"]] == [button["id"]]
    changed = api("PATCH", path, json={"label": "Call us", "max_concurrent": 3})
    assert changed.status_code == 200 and changed.get_json()["appearance"]["label"] == "Call us"
    assert button["relayOnly"] is False
    assert api("PATCH", path, json={"relay_only": True}).get_json()["relayOnly"] is True
    assert SIP_PASSWORD not in api("GET", "/buttons").get_data(as_text=True)
    assert api("DELETE", path).status_code == 204
    assert api("GET", path).status_code == 404
    with app.app_context():
        query = select(AuditEvent.actor).where(AuditEvent.actor.is_not(None))
        actors = set(get_db().scalars(query))
    assert actors == {"cli", "apikey:k1#1"}


def test_bad_fields_get_the_core_codes_in_one_shape(api):
    cases = [
        ({**BUTTON, "color": "red"}, "bad_colour", "color"),
        ({**BUTTON, "gateway_url": "http://x"}, "bad_gateway_url", "gateway_url"),
        ({**BUTTON, "sip_port": 0}, "bad_port", "sip_port"),
        ({**BUTTON, "surprise": 1}, "unknown_fields", None),
        ({"name": "x"}, "missing_fields", None),
    ]
    for fields, code, field in cases:
        answer = api("POST", "/buttons", json=fields)
        body = answer.get_json()
        assert answer.status_code == 400, body
        assert set(body) == {"error", "message", "details"}
        assert body["error"] == code, body
        assert body["details"].get("field") == field
    assert api("POST", "/buttons", data="nope", content_type="text/plain").status_code == 400
    assert api("GET", "/buttons").get_json()["data"] == []


def test_moving_the_sip_destination_needs_the_password_again(app, api):
    button = api("POST", "/buttons", json=BUTTON).get_json()
    path = f"/buttons/{button['id']}"
    moved = api("PATCH", path, json={"sip_domain": "evil.example.net"})
    assert moved.status_code == 400
    assert moved.get_json()["error"] == "sip_password_required"
    again = api("PATCH", path, json={"sip_domain": "evil.example.net", "sip_password": "new-pw"})
    assert again.status_code == 200
    with app.app_context():
        assert get_db().get(Button, button["id"]).sip_domain == "evil.example.net"


def test_idempotency_key_makes_one_button_and_replays_the_answer(api):
    headers = {"Idempotency-Key": "abc-1"}
    first = api("POST", "/buttons", json=BUTTON, headers=headers)
    second = api("POST", "/buttons", json=BUTTON, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json() == first.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(api("GET", "/buttons").get_json()["data"]) == 1
    other = api("POST", "/buttons", json={**BUTTON, "name": "B"}, headers=headers)
    assert (other.status_code, other.get_json()["error"]) == (409, "idempotency_key_reused")
    refused = api("POST", "/buttons", json={"name": "x"}, headers={"Idempotency-Key": "k2"})
    replayed = api("POST", "/buttons", json={"name": "x"}, headers={"Idempotency-Key": "k2"})
    assert refused.status_code == replayed.status_code == 400


def test_origins_that_are_not_text_are_refused(api):
    answer = api("POST", "/buttons", json={**BUTTON, "origins": [{}, ["x"]]})
    assert answer.status_code == 400 and answer.get_json()["error"] == "bad_origins"


def test_buttons_come_oldest_first_a_page_at_a_time(app, api):
    made = [
        api("POST", "/buttons", json=dict(BUTTON, name=f"B{n}")).get_json()["id"] for n in range(5)
    ]
    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = api("GET", "/buttons", query_string=query).get_json()
        seen += [b["id"] for b in page["data"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == made


@pytest.mark.parametrize("cursor", ["!!", *BAD_CURSORS])
def test_a_button_cursor_this_server_never_gave_is_400(api, cursor):
    answer = api("GET", "/buttons", query_string={"cursor": cursor})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"] == "bad_cursor"


def test_another_workspace_s_button_filters_to_nothing(app, api):
    with app.app_context():
        other = workspaces.create(get_db(), "Other").id
        theirs = create_button(get_db(), dict(BUTTON, name="Theirs"), workspace_id=other).id
    for path in ("/calls", "/callbacks"):
        answer = api("GET", path, query_string={"button": theirs})
        assert (answer.status_code, answer.get_json()["data"]) == (200, [])
    assert api("GET", f"/buttons/{theirs}").status_code == 404
