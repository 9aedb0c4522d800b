"""Callback requests: numbers held to the callee rules, limited, audited, listed, never echoed."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.visitors.callbacks import PhoneError, check_phone, list_callbacks
from tests.audit.test_trail import audit
from tests.data import ORIGIN


@pytest.fixture
def offering(app, button):
    """The test button, with callback requests on."""
    with app.app_context():
        return update_button(get_db(), button.id, {"callback": True})


def ask(client, button_id: str, body: object, origin: str = ORIGIN):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(
        f"/api/v1/buttons/{button_id}/callbacks",
        data=raw,
        headers={"Origin": origin, "Content-Type": "text/plain"},
    )


@pytest.mark.parametrize(
    ("typed", "countries", "e164"),
    [
        ("+49 30 901820", (), "+4930901820"),
        ("+1 (212) 555-0123", ("US", "CA"), "+12125550123"),
        ("030 901820", ("DE",), "+4930901820"),
        ("8 (495) 123-45-67", ("RU",), "+74951234567"),
    ],
)
def test_good_numbers_are_stored_in_e164(typed, countries, e164):
    assert check_phone(typed, countries) == e164


@pytest.mark.parametrize(
    ("typed", "countries"),
    [
        (None, ()),
        ("", ()),
        ("call me", ()),
        ("12", ()),
        ("030 901820", ()),  # national, and no country to read it in
        ("+49 30", ()),
        ("+44 909 8790000", ()),  # UK premium rate
        ("+882 1234567890", ()),  # international network
        ("+1 876 555 0123", ("US", "CA")),  # Jamaica
        ("+49 30 901820", ("RU",)),
        ("+49 30 901820 ext. 5", ()),
        ("+49 30 901820;phone-context=x", ()),
        ("+" + "1" * 45, ()),
    ],
)
def test_bad_numbers_are_refused(typed, countries):
    with pytest.raises(PhoneError):
        check_phone(typed, countries)


def test_a_request_is_stored_audited_and_listed_but_never_echoed(app, client, runner, offering):
    response = ask(client, offering.id, {"phone": "+49 30 901820", "note": "After 3 pm, please"})
    assert (response.status_code, response.get_json()) == (201, {"status": "received"})
    assert "901820" not in response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    with app.app_context():
        [stored] = list_callbacks(get_db())
    assert (stored["phone"], stored["note"], stored["origin"]) == (
        "+4930901820",
        "After 3 pm, please",
        ORIGIN,
    )
    assert stored["visitorIp"] == "127.0.0.0" and stored["status"] == "new"
    [event] = audit(runner)
    assert (event["action"], event["outcome"]) == ("callback", "allowed")
    assert "901820" not in json.dumps(event)


@pytest.mark.parametrize(
    "body",
    [
        {"phone": "+44 909 8790000"},
        {"phone": "nope"},
        {"phone": "+4930901820", "note": "x" * 501},
        {"phone": "+4930901820", "note": "bell\x07"},
        {"phone": "+4930901820", "note": "next line\x85"},
        {"phone": "+4930901820", "note": "split\u2028here"},
        b'{"phone": "+4930901820", "note": "lone \\ud800 surrogate"}',
        {"phone": "+4930901820", "email": "a@b.c"},
        ["+4930901820"],
        b"{not json",
    ],
)
def test_bad_requests_get_a_clear_error_and_store_nothing(app, client, runner, offering, body):
    response = ask(client, offering.id, body)
    assert response.status_code == 400
    assert set(response.get_json()) == {"error", "message"}
    with app.app_context():
        assert list_callbacks(get_db()) == []
    [event] = audit(runner)
    assert (event["action"], event["outcome"]) == ("callback", "refused")


def test_a_bad_number_says_invalid_phone(client, offering):
    assert ask(client, offering.id, {"phone": "+44 909 8790000"}).get_json()["error"] == (
        "invalid_phone"
    )


def test_numbers_follow_the_installations_countries(make_app, offering):
    client = make_app(CALLEE_COUNTRIES=["DE"]).test_client()
    assert ask(client, offering.id, {"phone": "030 901820"}).status_code == 201
    assert ask(client, offering.id, {"phone": "+33 1 44 55 66 77"}).status_code == 400


def test_no_requests_when_the_owner_offers_none(client, button):
    response = ask(client, button.id, {"phone": "+4930901820"})
    assert (response.status_code, response.get_json()["error"]) == (403, "callbacks_off")


def test_another_site_may_not_leave_requests(client, offering):
    response = ask(client, offering.id, {"phone": "+4930901820"}, "https://evil.net")
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def test_requests_are_limited_like_tokens(client, runner, offering):
    answers = [ask(client, offering.id, {"phone": "+4930901820"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert int(answers[3].headers["Retry-After"]) > 0
    assert answers[3].headers["Access-Control-Expose-Headers"] == "Retry-After"
    assert audit(runner)[0]["reason"] == "rate limit ip"


def test_the_preflight_answers_allowed_pages_only(client, offering):
    url = f"/api/v1/buttons/{offering.id}/callbacks"
    assert client.options(url, headers={"Origin": ORIGIN}).status_code == 204
    assert client.options(url, headers={"Origin": "https://evil.net"}).status_code == 403
