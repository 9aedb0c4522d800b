"""vault/startup.py: stored passwords are checked at startup; `/connect` never crashes on one."""

from __future__ import annotations

import logging

import click
import pytest
from cryptography.fernet import Fernet

from callgate.errors import ConfigError
from tests.data import ENCRYPTION_KEY, ORIGIN, SIP_PASSWORD
from tests.wcs import FakeWcs, session_id

NEW_KEY = "2dvYOQ-S5Xw3Hc1BJCtrDtyZo6Wq84p7vAfB4c2iHuk="


def set_stored_password(sql, button_id: str, value: str) -> None:
    sql("UPDATE buttons SET sip_password = :value WHERE id = :id", value=value, id=button_id)


def test_removed_key_is_a_startup_error_naming_the_button(make_app, button):
    with pytest.raises(ConfigError) as caught:
        make_app(ENCRYPTION_KEYS=[NEW_KEY])
    message = str(caught.value)
    assert button.id in message and "CALLGATE_ENCRYPTION_KEYS" in message
    assert "\n" not in message and SIP_PASSWORD not in message
    assert make_app(ENCRYPTION_KEYS=[NEW_KEY, ENCRYPTION_KEY]) is not None


@pytest.mark.parametrize(("command", "raises"), [("run", True), ("button", False)])
def test_other_flask_commands_still_start_to_repair(make_app, button, caplog, command, raises):
    with click.Context(click.Command(command), info_name=command):
        if raises:
            with pytest.raises(ConfigError, match=button.id):
                make_app(ENCRYPTION_KEYS=[NEW_KEY])
        else:
            make_app(ENCRYPTION_KEYS=[NEW_KEY])
            errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
            assert any(button.id in line for line in errors)


def test_unmigrated_database_is_skipped_quietly(make_app, empty_database_url, caplog):
    make_app(DATABASE_URL=empty_database_url)
    assert not [r for r in caplog.records if "SIP password" in r.getMessage()]


def test_unreachable_database_is_logged_not_fatal(make_app, tmp_path, caplog):
    make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'dir' / 'db.sqlite3'}")
    assert any("could not check the stored SIP passwords" in r.getMessage() for r in caplog.records)


def test_legacy_plain_text_is_a_warning_and_still_connects(make_app, button, sql, caplog):
    set_stored_password(sql, button.id, SIP_PASSWORD)
    app = make_app()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(button.id in w and "`bin/callgate secrets rotate`" in w for w in warnings)
    answer = connect(app, button.id)
    assert answer.status_code == 200
    assert answer.get_json()["sipPassword"] == SIP_PASSWORD


def connect(app, button_id: str):
    client = app.test_client()
    response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    wcs = FakeWcs(client, "hook-secret-current")
    return wcs.post("connect", wcs.connect_body(response.get_json()["token"], ORIGIN, session_id()))


def test_undecryptable_button_refuses_connect_with_403_not_500(app, button, sql, caplog):
    foreign = Fernet(NEW_KEY).encrypt(SIP_PASSWORD.encode()).decode()
    set_stored_password(sql, button.id, foreign)
    response = connect(app, button.id)
    assert (response.status_code, response.get_json()) == (
        403,
        {"status": 403, "reason": "button unavailable"},
    )
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(button.id in line and "cannot be decrypted" in line for line in errors)


def test_connect_answer_carries_the_password_after_rotation(make_app, button):
    both = make_app(ENCRYPTION_KEYS=[NEW_KEY, ENCRYPTION_KEY])
    assert both.test_cli_runner().invoke(args=["secrets", "rotate"]).exit_code == 0
    answer = connect(make_app(ENCRYPTION_KEYS=[NEW_KEY]), button.id)
    assert answer.status_code == 200
    assert answer.get_json()["sipPassword"] == SIP_PASSWORD
