"""The settings file: read by config itself, beneath the environment, named in errors."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from callgate.app import create_app
from callgate.config.settings_file import settings_path
from callgate.errors import ConfigError
from tests.data import ENCRYPTION_KEY

KEY = "file-secret-key-0123456789abcdef"


@pytest.fixture
def settings(monkeypatch, tmp_path: Path) -> Path:
    """An empty environment (no CALLGATE_*) and the path of a settings file not written yet."""
    for name in list(os.environ):
        if name.startswith("CALLGATE_"):
            monkeypatch.delenv(name)
    path = tmp_path / "callgate.env"
    monkeypatch.setenv("CALLGATE_SETTINGS_FILE", str(path))
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def full_file(path: Path, extra: str = "") -> Path:
    db = path.parent / "callgate.sqlite3"
    return write(
        path,
        f"CALLGATE_SECRET_KEY={KEY}\n"
        f"CALLGATE_ENCRYPTION_KEYS={ENCRYPTION_KEY}\n"
        f"CALLGATE_DATABASE_URL=sqlite:///{db}\n" + extra,
    )


def test_settings_come_from_the_file_without_the_environment(settings):
    full_file(settings, 'CALLGATE_WCS_HOOK_SECRETS=["a", "b"]\nCALLGATE_TOKEN_MAX_AGE=90\n')
    config = create_app().config
    assert config["SECRET_KEY"] == KEY
    assert config["ENCRYPTION_KEYS"] == [ENCRYPTION_KEY]
    assert (config["WCS_HOOK_SECRETS"], config["TOKEN_MAX_AGE"]) == (["a", "b"], 90)
    assert config["SETTINGS_FILE"] == str(settings)


def test_the_environment_wins_over_the_file(settings, monkeypatch):
    full_file(settings, "CALLGATE_TOKEN_MAX_AGE=90\n")
    monkeypatch.setenv("CALLGATE_TOKEN_MAX_AGE", "30")
    monkeypatch.setenv("CALLGATE_SECRET_KEY", "env-secret-key-0123456789abcdef")
    config = create_app().config
    assert (config["TOKEN_MAX_AGE"], config["SECRET_KEY"]) == (
        30,
        "env-secret-key-0123456789abcdef",
    )


def test_comments_quotes_and_other_variables(settings):
    full_file(settings, '# a comment\nCALLGATE_PUBLIC_URL="https://calls.example.com"\nOTHER=x\n')
    config = create_app().config
    assert config["PUBLIC_URL"] == "https://calls.example.com"
    assert "OTHER" not in config


def test_verbatim_values_stay_text(settings):
    full_file(settings, "CALLGATE_WCS_API_PASSWORD=1e5\n")
    assert create_app().config["WCS_API_PASSWORD"] == "1e5"


@pytest.mark.parametrize("setting", ["CALLGATE_SECRET_KEY", "CALLGATE_ENCRYPTION_KEYS"])
def test_a_missing_key_names_the_file_it_looked_in(settings, setting):
    full_file(settings)
    lines = [
        line for line in settings.read_text().splitlines() if not line.startswith(setting + "=")
    ]
    write(settings, "\n".join(lines) + "\n")
    with pytest.raises(ConfigError) as caught:
        create_app()
    message = caught.value.message
    assert setting in message and str(settings) in message
    assert "generate" not in message and "\n" not in message


def test_no_file_says_there_is_none_and_suggests_no_new_key(settings):
    with pytest.raises(ConfigError) as caught:
        create_app()
    message = caught.value.message
    assert f"there is no settings file {settings}" in message
    assert "CALLGATE_SETTINGS_FILE" in message
    assert "generate" not in message and "secrets.token" not in message


def test_the_default_file_is_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CALLGATE_SETTINGS_FILE")
    assert settings_path(str(tmp_path)) == tmp_path / "callgate.env"
    monkeypatch.setenv("CALLGATE_SETTINGS_FILE", "other.env")
    assert settings_path(str(tmp_path)) == Path("other.env").absolute()


def test_a_file_others_may_read_is_warned_about(settings, caplog):
    full_file(settings).chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="callgate"):
        create_app()
    assert any("chmod 600" in record.getMessage() for record in caplog.records)


def test_an_unreadable_file_is_a_config_error(settings):
    settings.write_bytes(b"CALLGATE_SECRET_KEY=\xff\xfe\n")
    with pytest.raises(ConfigError, match="cannot read the settings file"):
        create_app()


def test_a_key_set_empty_in_the_environment_is_said_to_be_empty_there(settings, monkeypatch):
    monkeypatch.setenv("CALLGATE_SECRET_KEY", "")
    with pytest.raises(ConfigError) as caught:
        create_app()
    message = caught.value.message
    assert message.startswith("CALLGATE_SECRET_KEY is set but empty in the environment: ")
    assert "not set" not in message and str(settings) in message


def test_an_empty_key_in_the_environment_hiding_the_file_s_is_said_to_hide_it(
    settings, monkeypatch
):
    full_file(settings)
    monkeypatch.setenv("CALLGATE_SECRET_KEY", " ")
    with pytest.raises(ConfigError) as caught:
        create_app()
    assert caught.value.message == (
        f"CALLGATE_SECRET_KEY is set but empty in the environment, which wins over {settings} "
        "where it has a value: unset it in the environment"
    )


def test_a_key_set_empty_in_the_file_is_said_to_be_empty_there(settings):
    full_file(settings, "").write_text(
        settings.read_text().replace(f"CALLGATE_SECRET_KEY={KEY}", "CALLGATE_SECRET_KEY=")
    )
    with pytest.raises(ConfigError) as caught:
        create_app()
    assert caught.value.message.startswith(f"CALLGATE_SECRET_KEY is set but empty in {settings}: ")
