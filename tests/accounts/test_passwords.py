"""Password rules and Argon2id hashes."""

from __future__ import annotations

import pytest

from callgate.accounts import passwords


@pytest.mark.parametrize(
    ("password", "email"),
    [("", ""), ("short", ""), ("x" * 257, ""), (None, ""), ("Me@Example.com", "me@example.com")],
)
def test_bad_new_passwords(password, email):
    with pytest.raises(passwords.PasswordError):
        passwords.check_new(password, email)


def test_a_hash_is_argon2id_salted_and_verifies(app):
    first, second = (
        passwords.hash_password("a long password"),
        passwords.hash_password("a long password"),
    )
    assert first.startswith("$argon2id$") and first != second
    assert passwords.verify(first, "a long password")
    assert not passwords.verify(first, "a long passwore")


@pytest.mark.parametrize("stored", [None, "", "not a hash", "$argon2id$broken"])
def test_nothing_else_verifies(stored):
    assert not passwords.verify(stored, "anything at all")


def test_the_default_costs_are_memory_hard():
    assert passwords.DEFAULT_MEMORY_KIB >= 64 * 1024 and passwords.DEFAULT_TIME_COST >= 3


def test_weaker_hashes_need_rehashing(app):
    weak = passwords.hash_password("a long password")  # the tests' tiny costs
    passwords.configure(passwords.DEFAULT_MEMORY_KIB, passwords.DEFAULT_TIME_COST)
    try:
        assert passwords.needs_rehash(weak)
        assert not passwords.needs_rehash(passwords.hash_password("a long password"))
    finally:
        passwords.configure(64, 1)
