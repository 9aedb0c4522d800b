"""CALLGATE_TURN_SECRET and CALLGATE_TURN_URLS: both or neither, checked at startup."""

from __future__ import annotations

import pytest

from callgate.app import create_app
from callgate.errors import ConfigError
from tests.data import ENCRYPTION_KEY

SECRET = "a-turn-secret-of-24-chars"
URL = "turn:turn.example.net:3478"


def make(tmp_path, **settings: object):
    config = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'callgate.sqlite3'}",
        "ENCRYPTION_KEYS": [ENCRYPTION_KEY],
    }
    return create_app(config | settings)


@pytest.mark.parametrize(
    "urls",
    [
        URL,
        "turns:turn.example.net:5349?transport=tcp",
        "turn:192.0.2.7?transport=udp",
        "turn:[2001:db8::7]:3478",
        f"{URL}, turns:turn.example.net:443",
        [URL, "turn:relay-2.example.net"],
    ],
)
def test_good_settings_are_kept(tmp_path, urls):
    config = make(tmp_path, TURN_SECRET=SECRET, TURN_URLS=urls).config
    assert config["TURN_SECRET"] == SECRET
    assert all(url.startswith(("turn:", "turns:")) for url in config["TURN_URLS"])


def test_neither_is_turn_off(tmp_path):
    config = make(tmp_path, TURN_SECRET="", TURN_URLS="").config
    assert (config["TURN_SECRET"], config["TURN_URLS"]) == (None, [])


@pytest.mark.parametrize(
    ("secret", "urls", "message"),
    [
        (SECRET, "", "CALLGATE_TURN_SECRET is set but CALLGATE_TURN_URLS is not"),
        (None, URL, "CALLGATE_TURN_URLS needs CALLGATE_TURN_SECRET"),
        ("", URL, "CALLGATE_TURN_URLS needs CALLGATE_TURN_SECRET"),
        ("short-secret", URL, "CALLGATE_TURN_SECRET must be at least 16 characters"),
        (f" {SECRET} ", URL, "CALLGATE_TURN_SECRET must be at least 16 characters"),
        (12345678901234567890, URL, "CALLGATE_TURN_SECRET must be at least 16 characters"),
        (SECRET, "stun:stun.example.net:3478", "'stun:stun.example.net:3478' is not a TURN URL"),
        (SECRET, "https://turn.example.net", "is not a TURN URL"),
        (SECRET, "turn:", "'turn:' is not a TURN URL"),
        (SECRET, "turn:host:99999", "'turn:host:99999' is not a TURN URL"),
        (SECRET, "turn:host:0", "is not a TURN URL"),
        (SECRET, "turn:host?transport=sctp", "is not a TURN URL"),
        (SECRET, "turn:user@host", "is not a TURN URL"),
        (SECRET, "turn:-host.example", "is not a TURN URL"),
        (SECRET, "TURN:host", "is not a TURN URL"),
        (SECRET, "turn:ho st", "is not a TURN URL"),
    ],
)
def test_bad_settings_are_refused_without_naming_the_secret(tmp_path, secret, urls, message):
    with pytest.raises(ConfigError, match="CALLGATE_TURN_") as raised:
        make(tmp_path, TURN_SECRET=secret, TURN_URLS=urls)
    assert message in raised.value.message
    if isinstance(secret, str) and len(secret) > 4:
        assert secret.strip() not in raised.value.message


def test_the_environment_gives_the_secret_verbatim(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLGATE_TURN_SECRET", "12345678901234567890")
    monkeypatch.setenv("CALLGATE_TURN_URLS", f"{URL},turns:turn.example.net:5349")
    config = make(tmp_path).config
    assert config["TURN_SECRET"] == "12345678901234567890"
    assert config["TURN_URLS"] == [URL, "turns:turn.example.net:5349"]
