"""The second factor: codes within one step either side, each used once, the secret encrypted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from accounts import totp, users

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
