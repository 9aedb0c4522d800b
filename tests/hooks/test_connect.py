"""`/hooks/wcs/connect`: token, origin, single use bound to the WCS sessionId."""

from __future__ import annotations

import hashlib

import pytest
import time_machine
from itsdangerous import URLSafeTimedSerializer

from callgate.buttons.store import create_button, update_button
from callgate.calltokens.tokens import issue_token, load_token
from callgate.db import get_db
from callgate.db.models import WcsSession
from callgate.hooks.rest_config import SIP_FIELDS
from tests.data import BUTTON, ORIGIN, SECRET_KEY, SIP_PASSWORD
from tests.wcs import session_id


def refused(response, reason: str | None = None) -> bool:
    body = response.get_json()
    ok = response.status_code == 403 and set(body) == {"status", "reason"} and body["status"] == 403
    return ok and (reason is None or body["reason"] == reason) and "sipPassword" not in body


def test_retry_of_same_session_gets_identical_answer(button, wcs, get_token):
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
    first, again = wcs.post("connect", body), wcs.post("connect", body)
    assert first.status_code == again.status_code == 200
    assert first.get_data() == again.get_data()


def test_token_replayed_on_another_session_is_refused(button, wcs, get_token):
    token = get_token(button.id)["token"]
    assert wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id())).status_code == 200
    assert refused(
        wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id())), "token already used"
    )


def test_same_session_with_another_token_is_refused(app, button, wcs, get_token):
    sid = session_id()
    first = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    assert wcs.post("connect", first).status_code == 200
    second = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    response = wcs.post("connect", second)
    assert refused(response, "token already used")
    with app.app_context():
        # The session stays bound to the token it consumed first.
        assert (
            get_db().get(WcsSession, sid).jti
            == load_token(
                first["custom"]["token"], app.config["TOKEN_KEYS"], max_age=60, skew=5
            ).jti
        )


def test_retry_after_disconnect_is_refused(button, wcs, get_token):
    sid = session_id()
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    assert wcs.post("connect", body).status_code == 200
    assert wcs.post("ConnectionStatusEvent", wcs.event_body(sid, "DISCONNECTED")).status_code == 200
    assert refused(wcs.post("connect", body), "token already used")


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.net",
        "https://shop.example.com.evil.net",
        "http://shop.example.com",
        "https://a.example.org",
        "null",
        "",
        None,
        42,
    ],
)
def test_body_origin_must_equal_token_origin(button, wcs, get_token, origin):
    body = wcs.connect_body(get_token(button.id)["token"], origin, session_id())
    assert refused(wcs.post("connect", body), "origin not allowed")


def test_origin_removed_from_allowlist_after_issue_is_refused(app, button, wcs, get_token):
    token = get_token(button.id)["token"]
    with app.app_context():
        update_button(get_db(), button.id, {"origins": ["https://other.example.com"]})
    assert refused(wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id())))


def test_token_for_button_a_with_origin_of_button_b(app, button, wcs, get_token):
    with app.app_context():
        other = create_button(get_db(), BUTTON | {"origins": ["https://b.example.net"]})
    token = get_token(button.id)["token"]
    body = wcs.connect_body(token, "https://b.example.net", session_id())
    assert refused(wcs.post("connect", body), "origin not allowed")
    assert other.id != button.id


def test_disabled_button_is_refused(app, button, wcs, get_token):
    token = get_token(button.id)["token"]
    with app.app_context():
        update_button(get_db(), button.id, {"enabled": False})
    assert refused(
        wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id())), "button unavailable"
    )


def _other_salt(button_id: str) -> str:
    signer = URLSafeTimedSerializer(
        SECRET_KEY, salt="another-purpose", signer_kwargs={"digest_method": hashlib.sha256}
    )
    return signer.dumps({"v": 1, "b": button_id, "j": "x", "o": ORIGIN})


@pytest.mark.parametrize(
    "make_token",
    [
        lambda b, t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda b, t: "X" + t[1:],
        lambda b, t: issue_token(["some-other-key"], b, ORIGIN),
        lambda b, t: _other_salt(b),
        lambda b, t: None,
        lambda b, t: "",
        lambda b, t: 12345,
        lambda b, t: {"t": t},
        lambda b, t: "a" * 5000,
    ],
)
def test_bad_tokens_are_refused(button, wcs, get_token, make_token):
    token = make_token(button.id, get_token(button.id)["token"])
    assert refused(wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id())))


@pytest.mark.parametrize("custom", [None, "token", [], {"other": 1}])
def test_missing_custom_token_is_refused(button, wcs, custom):
    body = wcs.connect_body(None, ORIGIN, session_id()) | {"custom": custom}
    assert refused(wcs.post("connect", body), "call token is missing")


@pytest.mark.parametrize(("shift", "accepted"), [(60, True), (61, False), (-5, True), (-6, False)])
def test_token_age_window(button, wcs, get_token, shift, accepted):
    with time_machine.travel("2026-11-26 12:00:00Z", tick=False) as clock:
        token = get_token(button.id)["token"]
        clock.shift(shift)
        response = wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id()))
    assert (response.status_code == 200) is accepted
    if not accepted:
        assert refused(response, "call token has expired")


def test_rotation_fallback_key_verifies_removed_key_does_not(make_app, button):
    from tests.wcs import FakeWcs

    old = make_app(SECRET_KEY="old-key-0123456789")
    token = (
        old.test_client()
        .post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
        .get_json()["token"]
    )
    rotated = make_app(SECRET_KEY="new-key-0123456789", SECRET_KEY_FALLBACKS=["old-key-0123456789"])
    gone = make_app(SECRET_KEY="new-key-0123456789")
    rotated_wcs = FakeWcs(rotated.test_client(), "hook-secret-current")
    gone_wcs = FakeWcs(gone.test_client(), "hook-secret-current")
    assert refused(gone_wcs.post("connect", gone_wcs.connect_body(token, ORIGIN, session_id())))
    ok = rotated_wcs.post("connect", rotated_wcs.connect_body(token, ORIGIN, session_id()))
    assert ok.status_code == 200


def test_a_5000_character_token_is_reported_too_long(button, wcs):
    body = wcs.connect_body("x" * 5000, ORIGIN, session_id())
    assert refused(wcs.post("connect", body), "call token is too long")


#: What the page could send in its `connection` frame, every `sip*` field WCS documents.
PAGE_SIP = {
    "sipLogin": "attacker",
    "sipAuthenticationName": "attacker-auth",
    "sipPassword": "attacker-pass",
    "sipDomain": "evil.example",
    "sipOutboundProxy": "proxy.evil.example",
    "sipProxy": "proxy.evil.example",
    "sipPort": 5999,
    "sipRegisterRequired": True,
    "sipVisibleName": "Your bank",
    "sipContactParams": ";transport=tcp",
}
BUTTON_SIP = {
    "sipLogin": BUTTON["sip_login"],
    "sipAuthenticationName": BUTTON["sip_auth_name"],
    "sipPassword": SIP_PASSWORD,
    "sipDomain": BUTTON["sip_domain"],
    "sipOutboundProxy": BUTTON["sip_domain"],
    "sipProxy": BUTTON["sip_domain"],
    "sipPort": 5060,
    "sipRegisterRequired": False,
    "sipVisibleName": "",
    "sipContactParams": "",
}


@pytest.mark.parametrize("sent", [{}, PAGE_SIP], ids=["none sent", "all sent by the page"])
def test_every_sip_field_is_set_from_the_button(button, wcs, get_token, sent):
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id(), **sent)
    answer = wcs.post("connect", body).get_json()
    assert {key: value for key, value in answer.items() if key.lower().startswith("sip")} == (
        BUTTON_SIP
    )
    assert set(BUTTON_SIP) == set(SIP_FIELDS)


@pytest.mark.parametrize("field", ["sipFoo", "sipTransport", "SIPLogin", "sip_login", "sipproxy"])
def test_a_sip_field_the_button_does_not_set_is_refused(app, button, wcs, get_token, field):
    sid = session_id()
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid, **{field: "x"})
    assert refused(wcs.post("connect", body), f"{field} not allowed")
    with app.app_context():
        assert get_db().get(WcsSession, sid) is None
