"""TURN credentials in coturn's REST API scheme: `<expiry>:<token id>` and its HMAC-SHA1."""

from __future__ import annotations

import base64
import time

import time_machine

from callgate.calltokens.turn import credential, ice_config, username

SECRET = "north-wind-turn-secret-42"
URLS = ["turn:turn.example.net:3478?transport=udp", "turns:turn.example.net:5349"]


def test_username_is_the_expiry_then_the_token_id():
    assert username("abc-DEF_123", 1765112700) == "1765112700:abc-DEF_123"


def test_credential_is_base64_hmac_sha1_of_the_username():
    # `printf %s NAME | openssl dgst -sha1 -hmac SECRET -binary | base64`, as coturn's docs do.
    assert credential(SECRET, "1765112700:abc-DEF_123") == "RMUOHbMS/WseqKb4/HrsD3zasco="
    assert len(base64.b64decode(credential(SECRET, "x"))) == 20
    assert credential(SECRET + "!", "1765112700:abc-DEF_123") != "RMUOHbMS/WseqKb4/HrsD3zasco="


@time_machine.travel(1765112000, tick=False)
def test_servers_live_for_the_lifetime_given_from_now():
    config = ice_config(SECRET, URLS, "jti-1", lifetime=960, now=int(time.time()), relay_only=False)
    [server] = config["iceServers"]
    assert server == {
        "urls": URLS,
        "username": "1765112960:jti-1",
        "credential": credential(SECRET, "1765112960:jti-1"),
    }
    assert "iceTransportPolicy" not in config
    assert SECRET not in str(config)


def test_relay_only_asks_the_browser_for_relay_candidates_only():
    config = ice_config(SECRET, URLS, "jti-1", lifetime=60, now=1, relay_only=True)
    assert config["iceTransportPolicy"] == "relay"
    assert config["iceServers"][0]["username"] == "61:jti-1"


def test_without_turn_nothing_is_added_and_relay_only_gets_no_way_around():
    for secret, urls in ((None, []), (SECRET, []), (None, URLS)):
        assert ice_config(secret, urls, "j", lifetime=60, now=1, relay_only=False) == {}
        relay = ice_config(secret, urls, "j", lifetime=60, now=1, relay_only=True)
        assert relay == {"iceTransportPolicy": "relay", "iceServers": []}
