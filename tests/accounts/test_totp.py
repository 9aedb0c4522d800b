"""The second factor: codes within one step either side, each used once, the secret encrypted."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from callgate.accounts import totp, users
from callgate.db import get_db
from tests.data import ENCRYPTION_KEY

NEW_KEY = "Q0wdq1dZ1lOj1vV2Dk7tp1wG2y0x8XvjXkTKRIl4b0g="

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 12, 1, 9, 0, 15, tzinfo=UTC)


def code_at(moment: datetime) -> str:
    return pyotp.TOTP(SECRET).at(moment)


@pytest.mark.parametrize("offset", [-30, 0, 30])
def test_a_code_from_a_neighbouring_step_matches(offset):
    assert totp.code_matches(SECRET, code_at(NOW + timedelta(seconds=offset)), NOW, None)


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "abcdef", None, code_at(NOW + timedelta(seconds=90))]
)
def test_other_codes_do_not(code):
    assert totp.code_matches(SECRET, code, NOW, None) is None


def test_enable_stores_the_secret_encrypted_and_codes_are_spent(db):
    user = users.create(db, "a@example.com", "admin", "a long password")
    assert not totp.enable(db, user, SECRET, "000000", NOW)
    assert totp.enable(db, user, SECRET, code_at(NOW), NOW)
    assert user.totp_secret and SECRET not in user.totp_secret
    later = NOW + timedelta(seconds=30)
    assert not totp.verify(db, user, code_at(NOW), later)  # spent at enable
    assert totp.verify(db, user, code_at(later), later)
    assert not totp.verify(db, user, code_at(later), later)
    totp.disable(db, user)
    assert user.totp_secret is None


def test_the_uri_names_the_issuer_and_account():
    uri = totp.provisioning_uri(SECRET, "a@example.com")
    assert uri.startswith("otpauth://totp/Callgate:a%40example.com?secret=")


def test_a_code_raced_on_8_sessions_is_spent_once(app, db):
    user_id = users.create(db, "a@example.com", "admin", "a long password").id
    assert totp.enable(db, users.get(db, user_id), SECRET, code_at(NOW), NOW)
    later = NOW + timedelta(seconds=30)
    start = threading.Barrier(8)

    def one(_: int) -> bool:
        with app.app_context():
            session = get_db()
            user = users.get(session, user_id)
            start.wait()
            return totp.verify(session, user, code_at(later), later)

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(one, range(8))) == [False] * 7 + [True]


def test_secrets_rotate_moves_second_factors_to_the_new_key(make_app, app):
    with app.app_context():  # left before the command runs, which opens the other app's
        user = users.create(get_db(), "a@example.com", "admin", "a long password")
        assert totp.enable(get_db(), user, SECRET, code_at(NOW), NOW)
    rotated = make_app(ENCRYPTION_KEYS=[NEW_KEY, ENCRYPTION_KEY]).test_cli_runner()
    result = rotated.invoke(args=["secrets", "rotate"])
    assert "Rotated 1 second-factor secret too." in result.output
    new_only = make_app(ENCRYPTION_KEYS=[NEW_KEY])
    later = NOW + timedelta(seconds=60)
    with new_only.app_context():
        session = get_db()
        assert totp.verify(session, users.get(session, user.id), code_at(later), later)
