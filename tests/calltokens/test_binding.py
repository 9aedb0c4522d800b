"""widget/binding.py and `/connect`: a token bound to the address (or network) it was issued to.

Checklist rows 18 and 19: a sessionId from another address is refused when binding is on, and a
malformed sessionId is a refusal, never a 500.
"""

from __future__ import annotations

import base64
import json

import pytest

from callgate.addresses import parse_ip
from callgate.audit.trail import list_events
from callgate.buttons.store import create_button
from callgate.calltokens.binding import binding_claim, claim_matches
from callgate.db import get_db
from tests.data import BUTTON, HOOK_SECRETS, ORIGIN
from tests.wcs import FakeWcs, session_id

KEYS = ["old-key", "new-key"]
REASON = "token bound to another address"


# --- the claim itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "issued", "seen", "matches"),
    [
        ("prefix", "203.0.113.7", "203.0.113.250", True),
        ("prefix", "203.0.113.7", "203.0.114.7", False),
        ("prefix", "2001:db8:1:2::5", "2001:db8:1:2:ffff:ffff:ffff:ffff", True),
        ("prefix", "2001:db8:1:2::5", "2001:db8:1:3::5", False),
        ("exact", "203.0.113.7", "203.0.113.7", True),
        ("exact", "203.0.113.7", "203.0.113.8", False),
        ("exact", "2001:db8::5", "2001:db8::5", True),
        ("exact", "2001:db8::5", "2001:db8::6", False),
        ("exact", "203.0.113.7", "::ffff:203.0.113.7", True),
    ],
)
def test_claim_matches_the_right_network_only(mode, issued, seen, matches):
    claim = binding_claim(KEYS, mode, parse_ip(issued))
    assert claim_matches(claim, KEYS, mode, parse_ip(seen)) is matches


def test_claim_is_opaque_short_and_keyed():
    claim = binding_claim(KEYS, "exact", parse_ip("203.0.113.7"))
    assert claim and len(claim) == 16 and "203" not in claim and "113" not in claim
    assert claim != binding_claim(["other-key"], "exact", parse_ip("203.0.113.7"))
    assert claim != binding_claim(KEYS, "prefix", parse_ip("203.0.113.7"))
    assert not claim_matches(claim, KEYS, "prefix", parse_ip("203.0.113.7"))


def test_older_keys_still_verify_after_rotation():
    claim = binding_claim(["old-key"], "prefix", parse_ip("203.0.113.7"))
    assert claim_matches(claim, ["old-key", "new-key"], "prefix", parse_ip("203.0.113.9"))
    assert not claim_matches(claim, ["new-key"], "prefix", parse_ip("203.0.113.9"))


@pytest.mark.parametrize(
    ("claim", "mode", "address"),
    [(None, "prefix", "203.0.113.7"), ("AAAA", "prefix", None), ("AAAA", "off", "203.0.113.7")],
)
def test_nothing_matches_without_claim_address_or_mode(claim, mode, address):
    assert claim_matches(claim, KEYS, mode, parse_ip(address)) is False


def test_no_claim_when_off_or_address_unknown():
    assert binding_claim(KEYS, "off", parse_ip("203.0.113.7")) is None
    assert binding_claim(KEYS, "exact", None) is None


def test_non_ascii_claim_does_not_crash():
    assert claim_matches("адрес", KEYS, "exact", parse_ip("203.0.113.7")) is False


# --- through the token endpoint and /connect ----------------------------------------------------


@pytest.fixture
def bound(make_app):
    """Build an app with `binding` on; return (app, client, wcs, button id)."""

    def build(binding: str, **config: object):
        app = make_app(TOKEN_BINDING=binding, **config)
        with app.app_context():
            button = create_button(get_db(), dict(BUTTON))
        client = app.test_client()
        return app, client, FakeWcs(client, HOOK_SECRETS[0]), button.id

    return build


def token_for(client, button_id: str, ip: str) -> str:
    response = client.post(
        f"/api/v1/buttons/{button_id}/token",
        headers={"Origin": ORIGIN},
        environ_base={"REMOTE_ADDR": ip},
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def payload(token: str) -> dict:
    segment = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def connect(wcs: FakeWcs, token: str, sid: str):
    return wcs.post("connect", wcs.connect_body(token, ORIGIN, sid))


def refused(response) -> bool:
    return response.status_code == 403 and response.get_json() == {"status": 403, "reason": REASON}


# Java prints IPv6 socket addresses in full and unbracketed.
@pytest.mark.parametrize(
    ("binding", "issued", "seen", "ok"),
    [
        ("prefix", "203.0.113.7", "203.0.113.99", True),
        ("prefix", "203.0.113.7", "198.51.100.7", False),
        ("prefix", "2001:db8:1:2::5", "2001:db8:1:2:0:0:0:9", True),
        ("prefix", "2001:db8:1:2::5", "2001:db8:1:3:0:0:0:5", False),
        ("exact", "203.0.113.7", "203.0.113.7", True),
        ("exact", "203.0.113.7", "203.0.113.8", False),
        ("exact", "2001:db8::5", "2001:db8:0:0:0:0:0:5", True),
        ("exact", "2001:db8::5", "2001:db8:0:0:0:0:0:6", False),
        ("exact", "203.0.113.7", "0:0:0:0:0:ffff:cb00:7107", True),
        ("off", "203.0.113.7", "198.51.100.7", True),
    ],
)
def test_connect_compares_the_sessions_address(bound, binding, issued, seen, ok):
    _, client, wcs, button_id = bound(binding)
    token = token_for(client, button_id, issued)
    response = connect(wcs, token, session_id(seen))
    assert response.status_code == (200 if ok else 403)
    assert ok or refused(response)


def test_payload_carries_a_claim_not_the_address(bound):
    _, client, _, button_id = bound("exact")
    claims = payload(token_for(client, button_id, "203.0.113.7"))
    assert set(claims) == {"v", "b", "j", "o", "a"}
    assert "203.0.113" not in json.dumps(claims)


def test_off_adds_no_claim(bound):
    _, client, _, button_id = bound("off")
    assert "a" not in payload(token_for(client, button_id, "203.0.113.7"))


@pytest.mark.parametrize(
    "sid",
    [
        "garbage",
        "/",
        "/:/",
        "/203.0.113.7/198.51.100.1:8443",
        "/203.0.113.7:port/x",
        "/[2001:db8::1]:/x",
        "/2001:db8::zz:5000/x",
        "/" + "9" * 150 + ":1/x",
        "/ 203.0.113.7 :1/x",
    ],
)
def test_malformed_session_ids_are_refused_not_crashed(bound, sid):
    app, client, wcs, button_id = bound("prefix")
    token = token_for(client, button_id, "203.0.113.7")
    assert refused(connect(wcs, token, sid))
    with app.app_context():
        [event] = [e for e in list_events(get_db()) if e["action"] == "connect"]
    assert (event["outcome"], event["reason"], event["buttonId"]) == ("refused", REASON, button_id)


def test_a_refused_address_does_not_use_up_the_token(bound):
    _, client, wcs, button_id = bound("prefix")
    token = token_for(client, button_id, "203.0.113.7")
    assert refused(connect(wcs, token, session_id("198.51.100.7")))
    assert connect(wcs, token, session_id("203.0.113.8")).status_code == 200


def test_unbound_token_is_refused_once_binding_is_on(make_app, bound):
    _, client, _, button_id = bound("off")
    token = token_for(client, button_id, "203.0.113.7")
    strict = FakeWcs(make_app(TOKEN_BINDING="prefix").test_client(), HOOK_SECRETS[0])
    assert refused(connect(strict, token, session_id("203.0.113.7")))


def test_binding_survives_key_rotation(make_app, bound):
    _, client, _, button_id = bound("exact", SECRET_KEY="old-key-0123456789")
    token = token_for(client, button_id, "203.0.113.7")
    rotated = make_app(
        TOKEN_BINDING="exact",
        SECRET_KEY="new-key-0123456789",
        SECRET_KEY_FALLBACKS=["old-key-0123456789"],
    )
    wcs = FakeWcs(rotated.test_client(), HOOK_SECRETS[0])
    assert connect(wcs, token, session_id("203.0.113.7")).status_code == 200
