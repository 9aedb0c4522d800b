"""vault/fernet.py: key lists, the first key encrypts, rotation, legacy plain text."""

from __future__ import annotations

import base64

import pytest
from cryptography.fernet import Fernet, InvalidToken

from callgate.calltokens.tokens import TokenError, issue_token, load_token
from callgate.vault import fernet

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
SECRET = "Sup3r-Secret-SIP-pass"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "no encryption key"),
        (["not-a-key"], "#1 is not a Fernet key"),
        ([OLD, "x" * 44], "#2 is not a Fernet key"),
        ([OLD, base64.urlsafe_b64encode(b"k" * 31).decode()], "#2 is not a Fernet key"),
        ([OLD, 12345], "#2 is not a Fernet key"),
    ],
)
def test_bad_key_lists_are_refused_with_a_hint(keys, message):
    with pytest.raises(fernet.KeyListError, match=message) as caught:
        fernet.build(keys)
    assert "Fernet.generate_key()" in caught.value.message
    assert all(str(key) not in caught.value.message for key in keys if key)


def test_first_key_encrypts_and_every_key_decrypts():
    stored = fernet.encrypt(fernet.build([NEW, OLD]), SECRET)
    assert Fernet(NEW).decrypt(stored.encode()).decode() == SECRET
    with pytest.raises(InvalidToken):
        Fernet(OLD).decrypt(stored.encode())
    under_old = fernet.encrypt(fernet.build([OLD]), SECRET)
    assert fernet.decrypt(fernet.build([NEW, OLD]), under_old) == SECRET


def test_itsdangerous_order_is_the_opposite_last_key_signs():
    token = issue_token([OLD, NEW], "btn1", "https://shop.example.com")
    assert load_token(token, [NEW], max_age=60, skew=5).button_id == "btn1"
    with pytest.raises(TokenError):
        load_token(token, [OLD], max_age=60, skew=5)


def test_rotate_then_drop_the_old_key():
    stored = fernet.encrypt(fernet.build([OLD]), SECRET)
    rotated = fernet.rotate(fernet.build([NEW, OLD]), stored)
    assert rotated != stored
    assert fernet.decrypt(fernet.build([NEW]), rotated) == SECRET
    with pytest.raises(fernet.DecryptError):
        fernet.decrypt(fernet.build([NEW]), stored)


def test_removed_key_or_altered_token_does_not_decrypt():
    stored = fernet.encrypt(fernet.build([OLD]), SECRET)
    altered = stored[:-8] + ("A" if stored[-8] != "A" else "B") + stored[-7:]
    for vault, value in ((fernet.build([NEW]), stored), (fernet.build([OLD]), altered)):
        with pytest.raises(fernet.DecryptError) as caught:
            fernet.decrypt(vault, value)
        assert SECRET not in str(caught.value)
        with pytest.raises(fernet.DecryptError):
            fernet.rotate(vault, value)


def test_legacy_plain_text_reads_as_is_and_rotation_encrypts_it():
    vault = fernet.build([NEW])
    assert fernet.decrypt(vault, SECRET) == SECRET
    rotated = fernet.rotate(vault, SECRET)
    assert fernet.is_token(rotated)
    assert SECRET not in rotated
    assert fernet.decrypt(vault, rotated) == SECRET


@pytest.mark.parametrize(
    ("value", "is_token"),
    [
        (fernet.encrypt(fernet.build([OLD]), ""), True),
        (fernet.encrypt(fernet.build([OLD]), "x" * 100), True),
        (SECRET, False),
        ("", False),
        ("gAAAAA", False),
        ("gAAAAA" + "A" * 94, False),
        ("gAAAAAé" + "A" * 93, False),
        (base64.urlsafe_b64encode(b"\x80" + b"\0" * 72).decode(), True),
        (base64.urlsafe_b64encode(b"\x80" + b"\0" * 73).decode(), False),
        (base64.urlsafe_b64encode(b"\x80" + b"\0" * 56).decode(), False),
    ],
    # Fixed ids: a token carries its time, and parallel workers must collect alike.
    ids=[
        *("empty-token", "long-token", "plain", "empty", "prefix-only", "prefix-padded"),
        *("non-ascii", "minimal-shape", "one-byte-long", "too-short"),
    ],
)
def test_token_shape(value, is_token):
    assert fernet.is_token(value) is is_token


def test_each_encryption_differs():
    vault = fernet.build([NEW])
    assert fernet.encrypt(vault, SECRET) != fernet.encrypt(vault, SECRET)
    assert fernet.generate_key() != fernet.generate_key()
