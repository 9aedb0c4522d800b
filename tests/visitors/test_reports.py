"""Call reports: strict checks, stored once per part, joined to the call in the call log."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.visitors.reports import ReportError, check_report
from tests.data import ORIGIN
from tests.wcs import session_id

QUALITY = {"rttMs": 42, "jitterMs": 3, "lossPct": 0.5, "grade": "good", "samples": 30}


@pytest.fixture
def placed(client, button, wcs, get_token):
    """A call placed through the hooks; return (its token answer, its sessionId)."""
    grant = get_token(button.id)
    sid = session_id()
    assert wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, sid)).status_code == 200
    assert wcs.post("call", wcs.call_body(sid)).status_code == 200
    return grant, sid


def report(client, body: dict, origin: str = ORIGIN):
    return client.post("/api/v1/calls/report", data=json.dumps(body), headers={"Origin": origin})


def call_log(runner) -> list[dict]:
    result = runner.invoke(args=["calls", "list", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {},
        {"key": "k"},
        {"key": "k", "extra": 1},
        {"key": "k", "consent": "yes"},
        {"key": "k", "rating": 0},
        {"key": "k", "rating": 6},
        {"key": "k", "rating": 4.5},
        {"key": "k", "rating": True},
        {"key": "k", "rating": 3, "tags": ["loud"]},
        {"key": "k", "rating": 3, "tags": ["echo", "echo"]},
        {"key": "k", "rating": 3, "tags": "echo"},
        {"key": "k", "tags": ["echo"]},
        {"key": "k", "quality": QUALITY | {"grade": "great"}},
        {"key": "k", "quality": QUALITY | {"rttMs": -1}},
        {"key": "k", "quality": QUALITY | {"lossPct": 101}},
        {"key": "k", "quality": QUALITY | {"jitterMs": "3"}},
        {"key": "k", "quality": QUALITY | {"samples": True}},
        {"key": "k", "quality": QUALITY | {"mos": 4}},
        {"key": "k", "quality": [1, 2]},
        # Tags that are no text: each one unhashable, so they must be checked before a set.
        {"key": "k", "rating": 3, "tags": [{}]},
        {"key": "k", "rating": 3, "tags": [["x"]]},
        {"key": "k", "rating": 3, "tags": ["echo", {"echo": 1}]},
        {"key": "k", "rating": 3, "tags": [1, None]},
    ],
)
def test_bad_reports_are_refused(body):
    with pytest.raises(ReportError):
        check_report(body)


def test_quality_then_rating_are_stored_with_the_call_but_never_a_reported_consent(
    app, client, runner, button, placed
):
    with app.app_context():
        update_button(get_db(), button.id, {"consent_text": "Calls are recorded."})
    grant, sid = placed
    key = grant["reportKey"]
    first = report(client, {"key": key, "quality": QUALITY, "consent": True})
    assert (first.status_code, first.get_json()) == (200, {"status": "stored"})
    assert first.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert report(client, {"key": key, "rating": 2, "tags": ["echo", "choppy"]}).status_code == 200
    [call] = call_log(runner)
    assert call["sessionId"] == sid
    assert call["quality"] == {
        **{"rttMs": 42, "jitterMs": 3, "lossPct": 0.5, "grade": "good"},
        **{"samples": 30, "reconnects": None},
    }
    # Consent is stored with the token request (tests/visitors/test_consent.py), never taken
    # from a report: this call's token was issued before the button had its notice.
    assert call["consent"] is None
    assert call["rating"] == {"score": 2, "tags": ["echo", "choppy"]}


def test_each_part_is_stored_once(client, placed):
    key = placed[0]["reportKey"]
    assert report(client, {"key": key, "rating": 5}).status_code == 200
    again = report(client, {"key": key, "rating": 1})
    assert (again.status_code, again.get_json()["error"]) == (409, "already_reported")
    assert report(client, {"key": key, "quality": QUALITY}).status_code == 200


def test_a_report_from_another_page_is_refused(client, runner, placed):
    response = report(client, {"key": placed[0]["reportKey"], "rating": 1}, "https://evil.net")
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert call_log(runner)[0]["rating"] is None


def test_a_key_whose_token_never_connected_finds_no_call(client, button, get_token):
    response = report(client, {"key": get_token(button.id)["reportKey"], "rating": 3})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", [b"not json", b"\xff\xfe", b'{"key": "forged", "rating": 3}'])
def test_garbage_and_forged_keys_get_a_clear_error(client, raw):
    response = client.post("/api/v1/calls/report", data=raw, headers={"Origin": ORIGIN})
    assert response.status_code in (400, 403)
    assert set(response.get_json()) == {"error", "message"}


def test_reports_are_rate_limited_per_address(client, placed):
    key = placed[0]["reportKey"]
    answers = [report(client, {"key": key, "rating": 9}).status_code for _ in range(31)]
    assert answers[:30] == [400] * 30
    assert answers[30] == 429


@pytest.mark.parametrize(
    "raw",
    [
        # A lone surrogate, escaped in valid JSON: no key we sign holds one.
        b'{"key": "\\udc80abc", "rating": 1}',
        b'{"key": "abc\\ud800", "rating": 1}',
        b'{"key": "\xc3\xa9t\xc3\xa9", "rating": 1}',
    ],
)
def test_a_key_that_is_not_ascii_is_refused_without_a_call(client, raw):
    response = client.post("/api/v1/calls/report", data=raw, headers={"Origin": ORIGIN})
    assert response.status_code == 403
    assert response.get_json()["error"] == "bad_report_key"


@pytest.mark.parametrize("tags", [[{}], [["x"]], [{"echo": 1}], ["echo", [None]]])
def test_tags_that_are_no_text_get_a_clear_error(client, runner, placed, tags):
    response = report(client, {"key": placed[0]["reportKey"], "rating": 2, "tags": tags})
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_report"
    assert call_log(runner)[0]["rating"] is None


def test_a_body_nested_too_deep_is_no_json(client):
    response = client.post("/api/v1/calls/report", data=b"[" * 50_000, headers={"Origin": ORIGIN})
    assert response.status_code == 400
