"""config.py through app.create_app: environment, secret keys, lists, ints, defaults."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from callgate.app import create_app
from callgate.errors import ConfigError
from tests.data import ENCRYPTION_KEY

KEY = "env-secret-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("CALLGATE_") and name != "CALLGATE_SETTINGS_FILE":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CALLGATE_ENCRYPTION_KEYS", ENCRYPTION_KEY)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'callgate.sqlite3'}"


def test_secret_key_from_env(monkeypatch, db_url):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    app = create_app({"DATABASE_URL": db_url})
    assert app.config["SECRET_KEY"] == KEY
    assert app.config["TOKEN_KEYS"] == [KEY]


@pytest.mark.parametrize("value", [None, ""])
def test_missing_secret_key_outside_testing_raises(monkeypatch, db_url, value):
    if value is not None:
        monkeypatch.setenv("CALLGATE_SECRET_KEY", value)
    with pytest.raises(ConfigError, match="CALLGATE_SECRET_KEY"):
        create_app({})
    with pytest.raises(ConfigError, match="CALLGATE_SECRET_KEY"):
        create_app({"DATABASE_URL": db_url})


def test_testing_gets_a_random_key(db_url):
    first = create_app({"TESTING": True, "DATABASE_URL": db_url})
    second = create_app({"TESTING": True, "DATABASE_URL": db_url})
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    assert first.config["TOKEN_KEYS"] == [first.config["SECRET_KEY"]]


@pytest.mark.parametrize("value", ['["a","b"]', "a,b", " a , b ,", '["a", "", "b"]'])
def test_fallbacks_from_env(monkeypatch, db_url, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_SECRET_KEY_FALLBACKS", value)
    app = create_app({"DATABASE_URL": db_url})
    assert app.config["SECRET_KEY_FALLBACKS"] == ["a", "b"]
    assert app.config["TOKEN_KEYS"] == ["a", "b", KEY]


def test_hook_secrets_from_env(monkeypatch, db_url):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_WCS_HOOK_SECRETS", "new,old")
    assert create_app({"DATABASE_URL": db_url}).config["WCS_HOOK_SECRETS"] == ["new", "old"]


def test_numeric_secret_key_becomes_a_string(monkeypatch, db_url):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", "12345")
    monkeypatch.setenv("CALLGATE_SECRET_KEY_FALLBACKS", "[678]")
    app = create_app({"DATABASE_URL": db_url})
    assert app.config["SECRET_KEY"] == "12345"
    assert app.config["TOKEN_KEYS"] == ["678", "12345"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CALLGATE_TOKEN_MAX_AGE", "abc"),
        ("CALLGATE_TOKEN_MAX_AGE", "-1"),
        ("CALLGATE_TOKEN_MAX_AGE", "true"),
        ("CALLGATE_TOKEN_MAX_AGE", "[60]"),
        ("CALLGATE_TOKEN_MAX_AGE", "60.9"),
        ("CALLGATE_TOKEN_CLOCK_SKEW", "null"),
        ("CALLGATE_VISITOR_IP_PREFIX_V4", "{}"),
        ("CALLGATE_WCS_HOOK_SECRETS", '{"a": 1}'),
        ("CALLGATE_SECRET_KEY_FALLBACKS", "[null]"),
    ],
)
def test_bad_values_raise(monkeypatch, db_url, name, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        create_app({"DATABASE_URL": db_url})


def test_int_from_env(monkeypatch, db_url):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_TOKEN_MAX_AGE", "90")
    assert create_app({"DATABASE_URL": db_url}).config["TOKEN_MAX_AGE"] == 90


def test_default_database_is_in_instance_folder(monkeypatch):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    # An instance folder of the test's own: the checkout's is bin/start's, never the suite's.
    # A short one: the hook workers' socket goes under it, and Unix caps a socket's path.
    folder = Path(tempfile.mkdtemp(prefix="cg-")) / "instance"
    app = create_app({"WCS_HOOK_SECRETS": ["h"]}, instance_path=str(folder))
    url = app.config["DATABASE_URL"]
    assert url == f"sqlite:///{folder / 'callgate.sqlite3'}"
    assert Path(app.instance_path) == folder and folder.is_dir()
    shutil.rmtree(folder.parent)


def test_the_instance_folder_is_the_checkout_s_by_default(monkeypatch, db_url):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    app = create_app({"DATABASE_URL": db_url})
    assert app.instance_path == str(Path(__file__).resolve().parents[2] / "instance")


def test_missing_hook_secrets_are_logged(monkeypatch, db_url, caplog):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    with caplog.at_level(logging.ERROR, logger="callgate"):
        create_app({"DATABASE_URL": db_url})
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "callgate"]
    assert any("CALLGATE_WCS_HOOK_SECRETS" in r.getMessage() for r in errors)


def test_configured_hook_secrets_log_nothing(monkeypatch, db_url, caplog):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_WCS_HOOK_SECRETS", '["h"]')
    with caplog.at_level(logging.ERROR, logger="callgate"):
        create_app({"DATABASE_URL": db_url})
    assert not [r for r in caplog.records if "CALLGATE_WCS_HOOK_SECRETS" in r.getMessage()]


def test_numeric_hook_secret_from_env(monkeypatch, db_url):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_WCS_HOOK_SECRETS", "123456")
    assert create_app({"DATABASE_URL": db_url}).config["WCS_HOOK_SECRETS"] == ["123456"]


@pytest.mark.parametrize("value", [None, ""])
def test_missing_encryption_keys_name_the_settings_file(monkeypatch, db_url, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.delenv("CALLGATE_ENCRYPTION_KEYS")
    if value is not None:
        monkeypatch.setenv("CALLGATE_ENCRYPTION_KEYS", value)
    with pytest.raises(ConfigError, match="CALLGATE_ENCRYPTION_KEYS") as caught:
        create_app({"DATABASE_URL": db_url})
    assert os.environ["CALLGATE_SETTINGS_FILE"] in str(caught.value)
    assert "generate" not in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("value", ["not-a-key", f"{ENCRYPTION_KEY},short", '["x"]'])
def test_invalid_encryption_key_raises_without_printing_it(monkeypatch, db_url, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_ENCRYPTION_KEYS", value)
    with pytest.raises(ConfigError, match="CALLGATE_ENCRYPTION_KEYS.*not a Fernet key") as e:
        create_app({"DATABASE_URL": db_url})
    assert all(part not in str(e.value) for part in ("not-a-key", "short", ENCRYPTION_KEY))


@pytest.mark.parametrize("form", ['["{a}", "{b}"]', "{a},{b}", " {a} , {b} "])
def test_encryption_keys_from_env_keep_their_order(monkeypatch, db_url, form):
    second = "2dvYOQ-S5Xw3Hc1BJCtrDtyZo6Wq84p7vAfB4c2iHuk="
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_ENCRYPTION_KEYS", form.format(a=second, b=ENCRYPTION_KEY))
    app = create_app({"DATABASE_URL": db_url})
    assert app.config["ENCRYPTION_KEYS"] == [second, ENCRYPTION_KEY]


def test_testing_gets_a_random_encryption_key(monkeypatch, db_url):
    monkeypatch.delenv("CALLGATE_ENCRYPTION_KEYS")
    first = create_app({"TESTING": True, "DATABASE_URL": db_url})
    second = create_app({"TESTING": True, "DATABASE_URL": db_url})
    assert len(first.config["ENCRYPTION_KEYS"]) == 1
    assert first.config["ENCRYPTION_KEYS"] != second.config["ENCRYPTION_KEYS"]


@pytest.mark.parametrize(
    ("value", "expected"), [("", []), ("ru,DE", ["RU", "DE"]), ('["gb"]', ["GB"])]
)
def test_callee_countries_from_env(monkeypatch, db_url, value, expected):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_CALLEE_COUNTRIES", value)
    assert create_app({"DATABASE_URL": db_url}).config["CALLEE_COUNTRIES"] == expected


@pytest.mark.parametrize("value", ["RUS", "XX", "RU,1", "001"])
def test_unknown_callee_country_raises(monkeypatch, db_url, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_CALLEE_COUNTRIES", value)
    with pytest.raises(ConfigError, match="CALLGATE_CALLEE_COUNTRIES"):
        create_app({"DATABASE_URL": db_url})


@pytest.mark.parametrize("password", ["1e5", "true", "[1]", '"quoted"', "p@ss word"])
def test_wcs_api_settings_are_taken_verbatim(monkeypatch, db_url, password):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_WCS_API_URL", "http://wcs.internal:8081/rest-api")
    monkeypatch.setenv("CALLGATE_WCS_API_USER", "123")
    monkeypatch.setenv("CALLGATE_WCS_API_PASSWORD", password)
    config = create_app({"DATABASE_URL": db_url}).config
    assert config["WCS_API_URL"] == "http://wcs.internal:8081/rest-api"
    assert (config["WCS_API_USER"], config["WCS_API_PASSWORD"]) == ("123", password)


def test_wcs_api_is_unset_by_default(db_url):
    config = create_app({"TESTING": True, "DATABASE_URL": db_url}).config
    assert (config["WCS_API_URL"], config["WCS_API_USER"], config["WCS_API_PASSWORD"]) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "url", ["wcs:8081", "ftp://wcs/rest-api", "http://", "file:///etc/x", 8081]
)
def test_bad_wcs_api_url_fails_at_startup(db_url, url):
    with pytest.raises(ConfigError, match="CALLGATE_WCS_API_URL"):
        create_app({"TESTING": True, "DATABASE_URL": db_url, "WCS_API_URL": url})


@pytest.mark.parametrize(
    "value", ["ftp://x", "callgate.example.com", "https://", "javascript:alert(1)", "", "[1]"]
)
def test_a_public_url_that_is_not_http_with_a_host_is_refused(monkeypatch, db_url, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_PUBLIC_URL", value)
    with pytest.raises(ConfigError, match="CALLGATE_PUBLIC_URL must be an http:// or https:// URL"):
        create_app({"DATABASE_URL": db_url})


@pytest.mark.parametrize("value", ["http://127.0.0.1:8000", "https://calls.example.com/callgate"])
def test_an_http_public_url_with_a_host_is_taken(monkeypatch, db_url, value):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_PUBLIC_URL", value)
    assert create_app({"DATABASE_URL": db_url}).config["PUBLIC_URL"] == value


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("mysql://x", "must name a SQLite or PostgreSQL database, not mysql; write sqlite:///"),
        ("not a url", "is not a database URL; write sqlite:////"),
        ("foo://x", "must name a SQLite or PostgreSQL database, not foo"),
        ("postgresql+psycopg2://u:hunter2@h/db", "names a driver that is not installed"),
        ("42", "is not a database URL"),
    ],
)
def test_a_bad_database_url_is_one_config_error_that_hides_the_url(monkeypatch, value, error):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", KEY)
    monkeypatch.setenv("CALLGATE_DATABASE_URL", value)
    with pytest.raises(ConfigError) as caught:
        create_app()
    message = caught.value.message
    assert message.startswith("CALLGATE_DATABASE_URL ") and error in message
    assert "hunter2" not in message and "\n" not in message
