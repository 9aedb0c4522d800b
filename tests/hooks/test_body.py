"""hooks/body.py: what a signed hook body may hold; anything else is a 400 that loses nothing."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from callgate.db import get_db
from callgate.db.models import CallEvent, WcsSession
from callgate.hooks.body import parse_body
from callgate.hooks.verify import sign
from tests.data import HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

METHODS = ("connect", "call", "CallStatusEvent", "hangup", "ConnectionStatusEvent")


def raw_with(field: str, literal: str) -> bytes:
    """A body whose `field` is the JSON text `literal`, written as WCS would send it."""
    return f'{{"sessionId": "{session_id()}", "status": "FINISH", "{field}": {literal}}}'.encode()


@pytest.mark.parametrize(
    ("literal", "reason"),
    [
        ("NaN", "NaN is not a JSON number"),
        ("Infinity", "Infinity is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1e400", "number out of range"),
        ("-1e400", "number out of range"),
        ('{"a": [1, 2, {"b": 1e999}]}', "number out of range"),
        ('"\\ud800"', "invalid unicode in info"),
        ('"ok \\udfff"', "invalid unicode in info"),
        ('{"\\ud800": 1}', "invalid unicode in info"),
        ('["a", ["\\udbff"]]', "invalid unicode in info"),
        ('"line\\r\\nP-Asserted-Identity: <sip:+88213@x>"', "control character in info"),
        ('"a\\u0000b"', "control character in info"),
        ('"tab\\there"', "control character in info"),
        ('"next\\u0085line"', "control character in info"),
        ('"sep\\u2028x"', "control character in info"),
        ('{"deep": {"deeper": ["x\\ny"]}}', "control character in info"),
        ('{"key\\nname": 1}', "control character in info"),
    ],
)
def test_unsafe_values_anywhere_are_refused(wcs, literal, reason):
    for method in METHODS:
        response = wcs.post(method, raw_with("info", literal))
        assert response.status_code == 400, (method, response.get_json())
        assert response.get_json() == {"status": 400, "reason": reason}
        assert json.loads(response.get_data(as_text=True)) == response.get_json()


@pytest.mark.parametrize("field", ["sessionId", "callId", "status"])
def test_a_lone_surrogate_in_an_id_is_a_400_and_stores_nothing(app, button, wcs, get_token, field):
    sid = session_id()
    connect = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    assert wcs.post("connect", connect).status_code == 200
    body = wcs.event_body(sid, "FINISH", "call-1")
    raw = json.dumps(body | {field: body[field] + "\ud800"}).encode()
    for method in ("CallStatusEvent", "hangup", "call"):
        response = wcs.post(method, raw)
        assert (response.status_code, response.get_json()["reason"]) == (
            400,
            f"invalid unicode in {field}",
        )
    with app.app_context():
        assert get_db().scalar(select(func.count()).select_from(CallEvent)) == 0


def test_a_key_that_is_not_a_name_is_not_echoed(wcs):
    response = wcs.post("connect", raw_with("x\\u2028y", '"v"'))
    assert response.get_json() == {"status": 400, "reason": "control character in a field"}


def test_the_sdp_and_raw_sip_message_keep_their_line_breaks():
    body = parse_body(
        json.dumps(
            {
                "sessionId": "/203.0.113.7:1/198.51.100.1:8443",
                "sdp": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\na=x:\ty\r\n",
                "sipMessageRaw": "SIP/2.0 403 Forbidden\r\nVia: x\r\n\r\n",
            }
        ).encode()
    )
    assert body["sdp"].count("\r\n") == 3


@pytest.mark.parametrize(
    "body",
    [
        {"sdp": "v=0\r\n\x00"},
        {"sdp": "v=0\r\n\u2028"},
        {"sdp": ["v=0\r\n"]},
        {"custom": {"sdp": "a\r\nb"}},
    ],
)
def test_line_breaks_are_only_allowed_in_the_sdp_itself(body):
    raw = json.dumps({"sessionId": "/203.0.113.7:1/198.51.100.1:8443"} | body).encode()
    with pytest.raises(Exception, match="control character"):
        parse_body(raw)


def test_unicode_that_is_well_formed_passes(app, button, wcs, get_token):
    sid = session_id()
    connect = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    connect["clientBrowserVersion"] = "Mozilla/5.0 😀 Ünïcödé ‮"
    response = wcs.post("connect", connect)
    assert response.status_code == 200
    assert response.get_json()["clientBrowserVersion"] == connect["clientBrowserVersion"]
    with app.app_context():
        assert get_db().get(WcsSession, sid) is not None


def test_big_integers_and_ordinary_floats_pass():
    raw = b'{"sessionId": "/203.0.113.7:1/x", "n": 123456789012345678901234567890, "f": 1.5e300}'
    assert parse_body(raw)["f"] == 1.5e300


def chunked(client, raw: bytes, signature: str):
    """POST `raw` without a Content-Length, as gunicorn hands on a chunked body (terminated)."""
    return client.post(
        "/hooks/wcs/connect",
        input_stream=io.BytesIO(raw),
        headers={"Transfer-Encoding": "chunked", "Authorization": signature},
        environ_overrides={"wsgi.input_terminated": True},
    )


@pytest.mark.parametrize("extra", [1, 10, 100000])
def test_a_chunked_body_over_the_limit_is_a_413(app, client, extra):
    raw = json.dumps({"sessionId": session_id(), "pad": ""}).encode()
    raw = raw[:-2] + b"a" * (app.config["MAX_CONTENT_LENGTH"] - len(raw) + extra) + b'"}'
    response = chunked(client, raw, sign(raw, HOOK_SECRETS[0]))
    assert (response.status_code, response.get_json()) == (
        413,
        {"status": 413, "reason": "body too large"},
    )


def test_a_chunked_body_within_the_limit_is_read_whole(app, client, button, get_token):
    body = FakeWcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
    raw = json.dumps(body).encode()
    raw = (
        raw[:-1] + b', "pad": "' + b"a" * (app.config["MAX_CONTENT_LENGTH"] - len(raw) - 11) + b'"}'
    )
    assert len(raw) == app.config["MAX_CONTENT_LENGTH"]
    response = chunked(client, raw, sign(raw, HOOK_SECRETS[0]))
    assert response.status_code == 200, response.get_json()
