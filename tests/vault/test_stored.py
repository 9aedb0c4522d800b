"""SIP passwords at rest: never plain text on disk, SQLite or PostgreSQL; `secrets rotate`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session

from callgate.buttons.store import create_button, get_button, update_button
from callgate.db import get_db
from callgate.vault import fernet
from callgate.vault.stored import reveal, vault_of
from tests import databases
from tests.data import BUTTON, ENCRYPTION_KEY, SIP_PASSWORD

NEW_KEY = "2dvYOQ-S5Xw3Hc1BJCtrDtyZo6Wq84p7vAfB4c2iHuk="
UPDATED_PASSWORD = "An0ther-Updated-SIP-secret"


@pytest.fixture
def disk_bytes(database_url: str) -> Callable[[], bytes]:
    """Return a reader of what the test database holds on disk (file, WAL or relation files)."""
    return lambda: databases.disk_bytes(database_url)


def stored_password(sql, button_id: str) -> str:
    [(value,)] = sql("SELECT sip_password FROM buttons WHERE id = :id", id=button_id)
    return value


def set_stored_password(sql, button_id: str, value: str) -> None:
    sql("UPDATE buttons SET sip_password = :value WHERE id = :id", value=value, id=button_id)


def test_disk_holds_no_plain_password_after_create_and_update(app, sql, disk_bytes):
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
        created = stored_password(sql, button.id)
        assert created.encode() in disk_bytes()
        assert SIP_PASSWORD.encode() not in disk_bytes()
        update_button(get_db(), button.id, {"sip_password": UPDATED_PASSWORD})
        updated = stored_password(sql, button.id)
        assert updated != created and updated.encode() in disk_bytes()
        assert UPDATED_PASSWORD.encode() not in disk_bytes()
        assert SIP_PASSWORD.encode() not in disk_bytes()
        assert reveal(vault_of(get_db()), get_button(get_db(), button.id)) == UPDATED_PASSWORD


def test_cli_create_and_update_store_only_ciphertext(runner, sql, disk_bytes):
    args = ["button", "create", "--name", "S", "--callee", "7001", "--json"]
    args += ["--gateway-url", "wss://gw.example.com", "--sip-login", "l"]
    args += ["--origin", "https://a.example.com", "--sip-password-stdin"]
    result = runner.invoke(args=args, input=f"{SIP_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    button_id = json.loads(result.output)["id"]
    update = ["button", "update", button_id, "--sip-password-stdin"]
    assert runner.invoke(args=update, input=f"{UPDATED_PASSWORD}\n").exit_code == 0
    assert fernet.is_token(stored_password(sql, button_id))
    for secret in (SIP_PASSWORD, UPDATED_PASSWORD):
        assert secret.encode() not in disk_bytes()


def test_rotate_then_drop_the_old_key(make_app, button, sql):
    before = stored_password(sql, button.id)
    result = (
        make_app(ENCRYPTION_KEYS=[NEW_KEY, ENCRYPTION_KEY])
        .test_cli_runner()
        .invoke(args=["secrets", "rotate", "--json"])
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "rotated": 1,
        "legacyEncrypted": [],
        "vacuumed": False,
        "secondFactorsRotated": 0,
        "otherSecretsRotated": {"identitySecrets": 0, "webhookSecrets": 0, "alertSecrets": 0},
    }
    after = stored_password(sql, button.id)
    assert after != before
    assert Fernet(NEW_KEY).decrypt(after.encode()).decode() == SIP_PASSWORD
    new_only = make_app(ENCRYPTION_KEYS=[NEW_KEY])
    with new_only.app_context():
        assert reveal(vault_of(get_db()), get_button(get_db(), button.id)) == SIP_PASSWORD


@pytest.mark.sqlite_only
def test_rotate_encrypts_legacy_plain_text(app, button, sql, disk_bytes):
    set_stored_password(sql, button.id, SIP_PASSWORD)
    assert SIP_PASSWORD.encode() in disk_bytes()
    with app.app_context():
        other = create_button(get_db(), BUTTON | {"name": "Support"})
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Rotated 2 SIP passwords to the first key. "
        f"Encrypted 1 stored in plain text: {button.id}. "
        "Compacted the SQLite file so the old plain text is gone.\n"
    )
    assert SIP_PASSWORD.encode() not in disk_bytes()
    with app.app_context():
        for button_id in (button.id, other.id):
            assert reveal(vault_of(get_db()), get_button(get_db(), button_id)) == SIP_PASSWORD


@pytest.mark.postgresql_only
def test_rotate_encrypts_legacy_plain_text_and_asks_for_vacuum(app, button, sql, disk_bytes):
    set_stored_password(sql, button.id, SIP_PASSWORD)
    assert SIP_PASSWORD.encode() in disk_bytes()
    with app.app_context():
        other = create_button(get_db(), BUTTON | {"name": "Support"})
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Rotated 2 SIP passwords to the first key. "
        f"Encrypted 1 stored in plain text: {button.id}. "
        "Run VACUUM on the database so the old plain text leaves its free space.\n"
    )
    assert [stored_password(sql, button.id)] != [SIP_PASSWORD]
    assert vacuumed_away(sql, disk_bytes, SIP_PASSWORD.encode())
    with app.app_context():
        for button_id in (button.id, other.id):
            assert reveal(vault_of(get_db()), get_button(get_db(), button_id)) == SIP_PASSWORD


def vacuumed_away(sql, disk_bytes, secret: bytes) -> bool:
    """VACUUM FULL until `secret` leaves the files: a transaction older than the update (another
    connection's, on a busy server) keeps the dead row version until it ends."""
    for _ in range(40):
        sql("VACUUM FULL buttons")
        if secret not in disk_bytes():
            return True
        time.sleep(0.5)
    return False


def test_rotate_with_a_broken_button_names_it_and_changes_nothing(app, button, sql):
    with app.app_context():
        other = create_button(get_db(), BUTTON | {"name": "Support"})
    foreign = Fernet(NEW_KEY).encrypt(b"from-another-key").decode()
    set_stored_password(sql, other.id, foreign)
    before = stored_password(sql, button.id)
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 1
    assert other.id in result.output and button.id not in result.output
    assert "Error:" in result.output and "Traceback" not in result.output
    assert stored_password(sql, button.id) == before
    assert stored_password(sql, other.id) == foreign


@pytest.mark.parametrize("count", [0, 1])
def test_rotate_counts_rows(runner, app, count):
    with app.app_context():
        for index in range(count):
            create_button(get_db(), BUTTON | {"name": f"B{index}"})
    result = runner.invoke(args=["secrets", "rotate"])
    plural = "" if count == 1 else "s"
    assert result.output == f"Rotated {count} SIP password{plural} to the first key.\n"


def test_session_without_keys_refuses_to_store(app):
    with app.app_context(), Session(get_db().get_bind()) as bare:
        with pytest.raises(fernet.VaultError, match="no encryption keys"):
            create_button(bare, dict(BUTTON))
