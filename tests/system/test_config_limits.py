"""config.py for token limits, their storage, trusted proxies, token binding and hook sources."""

from __future__ import annotations

import os

import pytest
from cryptography.fernet import Fernet
from werkzeug.middleware.proxy_fix import ProxyFix

from callgate.app import create_app
from callgate.errors import ConfigError
from callgate.ratelimit.rules import DEFAULTS

KEY = "env-secret-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("CALLGATE_") and name != "CALLGATE_SETTINGS_FILE":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_DATABASE_URL", f"sqlite:///{tmp_path / 'callgate.sqlite3'}")
    monkeypatch.setenv("CALLGATE_ENCRYPTION_KEYS", Fernet.generate_key().decode())


def test_defaults():
    app = create_app()
    assert {kind: app.config[f"RATE_LIMITS_{kind.upper()}"] for kind in DEFAULTS} == {
        "ip": "3/minute;10/hour;20/day",
        "prefix": "15/minute;50/hour;100/day",
        "button": "200/day",
        "global": "600/minute;10000/hour",
    }
    assert app.config["RATELIMIT_STORAGE_URI"] == "callgate+db://"
    assert app.config["TRUSTED_PROXIES"] == 0 and not isinstance(app.wsgi_app, ProxyFix)
    assert app.config["TOKEN_BINDING"] == "off"
    assert app.config["HOOK_ALLOWED_CIDRS"] == []


@pytest.mark.parametrize(
    ("name", "value", "key", "expected"),
    [
        ("RATE_LIMITS_IP", "5/minute;50/day", "RATE_LIMITS_IP", "5/minute;50/day"),
        ("RATE_LIMITS_GLOBAL", " 100/minute ", "RATE_LIMITS_GLOBAL", "100/minute"),
        ("RATE_LIMITS_BUTTON", "", "RATE_LIMITS_BUTTON", ""),
        ("TRUSTED_PROXIES", "2", "TRUSTED_PROXIES", 2),
        ("TOKEN_BINDING", "prefix", "TOKEN_BINDING", "prefix"),
        ("HOOK_ALLOWED_CIDRS", '["10.0.0.0/8", "2001:db8::/32"]', "HOOK_ALLOWED_CIDRS",
         ["10.0.0.0/8", "2001:db8::/32"]),
        ("HOOK_ALLOWED_CIDRS", "10.0.0.0/8, 192.0.2.1", "HOOK_ALLOWED_CIDRS",
         ["10.0.0.0/8", "192.0.2.1"]),
        ("RATELIMIT_STORAGE_URI", "memory://", "RATELIMIT_STORAGE_URI", "memory://"),
    ],
)  # fmt: skip
def test_values_from_the_environment(monkeypatch, name, value, key, expected):
    monkeypatch.setenv(f"CALLGATE_{name}", value)
    assert create_app().config[key] == expected


def test_trusted_proxies_install_proxy_fix_for_x_forwarded_for_only(monkeypatch):
    monkeypatch.setenv("CALLGATE_TRUSTED_PROXIES", "2")
    middleware = create_app().wsgi_app
    assert isinstance(middleware, ProxyFix)
    assert (middleware.x_for, middleware.x_proto, middleware.x_host) == (2, 0, 0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RATE_LIMITS_IP", "lots", "CALLGATE_RATE_LIMITS_IP: ip limits 'lots' are not valid"),
        ("RATE_LIMITS_PREFIX", "5/fortnight", "CALLGATE_RATE_LIMITS_PREFIX"),
        ("TOKEN_BINDING", "strict", "CALLGATE_TOKEN_BINDING must be one of off, prefix, exact"),
        ("HOOK_ALLOWED_CIDRS", "10.0.0.1/8", "CALLGATE_HOOK_ALLOWED_CIDRS: '10.0.0.1/8'"),
        ("HOOK_ALLOWED_CIDRS", "wcs.internal", "is not a CIDR network"),
        ("TRUSTED_PROXIES", "-1", "CALLGATE_TRUSTED_PROXIES must be a whole number >= 0"),
        ("TRUSTED_PROXIES", "one", "CALLGATE_TRUSTED_PROXIES must be a whole number"),
        ("RATELIMIT_STORAGE_URI", "database", "must be a URI like callgate+db://"),
        ("RATELIMIT_STORAGE_URI", "nosuch://x", "CALLGATE_RATELIMIT_STORAGE_URI: unknown storage"),
        ("RATELIMIT_SWALLOW_ERRORS", "true", "CALLGATE_RATELIMIT_SWALLOW_ERRORS is not supported"),
        ("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", "true", "is not supported"),
        ("RATELIMIT_ENABLED", "false", "CALLGATE_RATELIMIT_ENABLED is not supported"),
    ],
)
def test_unsafe_or_bad_values_stop_startup(monkeypatch, name, value, message):
    monkeypatch.setenv(f"CALLGATE_{name}", value)
    with pytest.raises(ConfigError) as info:
        create_app()
    assert message in str(info.value)
