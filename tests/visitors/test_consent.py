"""Consent is stored when the visitor accepts, with the token request, before the token exists.

Reproduction of the old way: the acceptance came with the call's end report, so the call log
said it was given at the hang-up, which proves nothing about the time before the recording.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.visitors import CallConsent
from tests.data import ORIGIN
from tests.wcs import session_id

NOTICE = "Calls are recorded.\nBy calling you agree."
T0 = datetime(2026, 12, 7, 10, 0, 0, tzinfo=UTC)


@pytest.fixture
def noticed(app, button):
    """The button, now with a notice to accept."""
    with app.app_context():
        return update_button(get_db(), button.id, {"consent_text": NOTICE})


def ask(client, button_id: str, body: object = None, raw: bytes | None = None):
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    headers = {"Origin": ORIGIN, "Content-Type": "text/plain"}
    return client.post(f"/api/v1/buttons/{button_id}/token", data=data, headers=headers)


def consents(app) -> list[CallConsent]:
    with app.app_context():
        return list(get_db().scalars(select(CallConsent)))


def call_log(runner) -> list[dict]:
    return json.loads(runner.invoke(args=["calls", "list", "--json"]).output)


@pytest.mark.parametrize("body", [None, {}, {"consent": None}, {"consent": "Calls are recorded."}])
def test_a_token_without_the_notice_accepted_is_refused_with_the_notice(app, client, noticed, body):
    answer = ask(client, noticed.id, body)
    assert answer.status_code == 403
    assert answer.get_json() == {
        "error": "consent_required",
        "message": "the visitor has not accepted the button's notice",
        "consent": NOTICE,
    }
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN  # the page reads the notice
    assert consents(app) == []


def test_accepting_stores_the_exact_notice_the_page_and_the_servers_time(app, client, noticed):
    with time_machine.travel(T0, tick=False):
        answer = ask(client, noticed.id, {"consent": NOTICE})
    assert answer.status_code == 200 and answer.get_json()["token"]
    [stored] = consents(app)
    assert (stored.button_id, stored.origin, stored.text) == (noticed.id, ORIGIN, NOTICE)
    assert stored.accepted_at == T0


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"consent": 3}',
        b'{"consent": "x", "acceptedAt": "2020-01-01T00:00:00Z"}',
        b"\xff\xfe",
    ],
)
def test_a_body_of_another_shape_gets_a_clear_error(app, client, noticed, raw):
    answer = ask(client, noticed.id, raw=raw)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "bad_request"
    assert "consent" in answer.get_json()["message"]
    assert consents(app) == []


def test_a_button_without_a_notice_needs_none_and_stores_none(app, client, button):
    assert ask(client, button.id).status_code == 200
    assert ask(client, button.id, {"consent": "anything"}).status_code == 200
    assert consents(app) == []


def test_the_call_log_dates_the_consent_at_the_acceptance_not_the_hang_up(
    client, runner, noticed, wcs
):
    sid = session_id()
    with time_machine.travel(T0, tick=False):
        grant = ask(client, noticed.id, {"consent": NOTICE}).get_json()
    with time_machine.travel("2026-12-07 10:00:05Z", tick=False):
        assert wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, sid)).status_code == 200
        assert wcs.post("call", wcs.call_body(sid)).status_code == 200
    with time_machine.travel("2026-12-07 10:04:00Z", tick=False):
        body = {"key": grant["reportKey"], "rating": 4, "consent": True}
        reported = client.post(
            "/api/v1/calls/report", data=json.dumps(body), headers={"Origin": ORIGIN}
        )
        assert reported.status_code == 200
    [call] = call_log(runner)
    assert call["consent"] == {"text": NOTICE, "at": "2026-12-07T10:00:00+00:00"}
    assert call["consent"]["at"] < call["startedAt"]
