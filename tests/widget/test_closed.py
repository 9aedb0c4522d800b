"""Outside business hours: no token, no connect, no call; the public config says so."""

from __future__ import annotations

import pytest
import time_machine

from callgate.buttons.schedule import parse_hours
from callgate.buttons.store import update_button
from callgate.db import get_db
from tests.audit.test_trail import audit
from tests.data import ORIGIN
from tests.wcs import session_id

MONDAY_NOON = "2026-11-23T11:00:00Z"  # 12:00 in Berlin
SATURDAY = "2026-11-28T11:00:00Z"
OPENS = "2026-11-30T08:00:00+01:00"
FALLBACK = "tel:+493012345678"


def travel(moment: str):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def office(app, button):
    """The test button, open Monday to Friday 08:00-20:00 in Berlin."""
    changes = {
        "schedule": parse_hours("mon-fri 08:00-20:00"),
        "timezone": "Europe/Berlin",
        "closed_message": "We open at eight",
        "fallback": FALLBACK,
    }
    with app.app_context():
        return update_button(get_db(), button.id, changes)


def token(client, button_id: str, origin: str = ORIGIN):
    return client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": origin})


def config(client, button_id: str, lang: str = "en") -> dict:
    response = client.get(f"/api/v1/buttons/{button_id}?lang={lang}", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    return response.get_json()


def test_open_hours_give_a_token(client, office):
    with travel(MONDAY_NOON):
        assert token(client, office.id).status_code == 200


def test_closed_hours_refuse_the_token_readably(client, runner, office):
    with travel(SATURDAY):
        response = token(client, office.id)
    assert response.status_code == 403
    assert response.get_json() == {
        "error": "closed",
        "message": "We open at eight",
        "opensAt": OPENS,
    }
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert response.headers["Cache-Control"] == "no-store"
    [event] = audit(runner)
    assert (event["action"], event["outcome"], event["reason"]) == (
        "token",
        "refused",
        "We open at eight",
    )


def test_a_disallowed_origin_learns_nothing_about_hours(client, office):
    with travel(SATURDAY):
        response = token(client, office.id, "https://evil.net")
    assert response.status_code == 403
    assert response.get_json()["error"] != "closed"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_holiday_today_in_the_buttons_zone_closes_it(app, client, office):
    with app.app_context():
        update_button(get_db(), office.id, {"holidays": ["2026-11-23"]})
    with travel("2026-11-22T23:30:00Z"):  # already Monday the 23rd in Berlin
        body = token(client, office.id).get_json()
    assert (body["error"], body["opensAt"]) == ("closed", "2026-11-24T08:00:00+01:00")


def test_connect_after_closing_is_refused(office, wcs, get_token):
    with travel("2026-11-23T18:59:30Z"):
        grant = get_token(office.id)
    with travel("2026-11-23T19:00:10Z"):
        response = wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, session_id()))
    assert (response.status_code, response.get_json()) == (403, {"status": 403, "reason": "closed"})


def test_call_after_closing_is_refused(runner, office, wcs, get_token):
    sid = session_id()
    with travel("2026-11-23T18:59:40Z"):
        grant = get_token(office.id)
        assert wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, sid)).status_code == 200
    with travel("2026-11-23T19:00:05Z"):
        response = wcs.post("call", wcs.call_body(sid))
    assert (response.status_code, response.get_json()) == (403, {"status": 403, "reason": "closed"})
    assert audit(runner)[0]["reason"] == "closed"


def test_config_says_closed_with_message_fallback_and_opening(client, office):
    with travel(SATURDAY):
        body = config(client, office.id)
    assert (body["open"], body["opensAt"]) == (False, OPENS)
    assert body["closedMessage"] == body["texts"]["closed"] == "We open at eight"
    assert body["fallback"] == FALLBACK


def test_config_uses_the_built_in_closed_text_in_the_visitors_language(app, client, office):
    with app.app_context():
        update_button(get_db(), office.id, {"closed_message": ""})
    with travel(SATURDAY):
        assert config(client, office.id, "ru")["closedMessage"].startswith("Сейчас мы не работаем")
        assert config(client, office.id, "en")["closedMessage"].startswith("We are closed")


def test_config_says_open_during_hours(client, office):
    with travel(MONDAY_NOON):
        body = config(client, office.id)
    assert (body["open"], body["opensAt"]) == (True, None)
