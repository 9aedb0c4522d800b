"""Encrypt secrets at rest with MultiFernet: the FIRST key encrypts, every key decrypts.

This is the opposite of itsdangerous (and `SECRET_KEY_FALLBACKS`), where the LAST key signs.
A stored value that is not a Fernet token is legacy plain text from before encryption.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from callgate.errors import CallgateError

GENERATE_HINT = (
    "generate one with "
    "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
)
# A token is version 0x80, an 8-byte time, a 16-byte IV, whole AES blocks, a 32-byte HMAC.
_TOKEN_OVERHEAD = 1 + 8 + 16 + 32
_BLOCK = 16


class VaultError(CallgateError):
    """Encryption at rest cannot work: a bad key, or a stored value no key opens."""

    code = "vault"


class KeyListError(VaultError):
    """The key list is empty, or one of its entries is not a Fernet key."""


class DecryptError(VaultError):
    """A stored token was encrypted under a key that is no longer configured, or was altered."""


def build(keys: Sequence[str]) -> MultiFernet:
    """Return a MultiFernet over `keys`, first key first; raise KeyListError naming the entry."""
    if not keys:
        raise KeyListError(f"no encryption key configured; {GENERATE_HINT}")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (TypeError, ValueError):
            raise KeyListError(
                f"encryption key #{position} is not a Fernet key (32 url-safe base64 bytes); "
                + GENERATE_HINT
            ) from None
    return MultiFernet(fernets)


def generate_key() -> str:
    """Return a new random Fernet key as text."""
    return Fernet.generate_key().decode()


def is_token(stored: str) -> bool:
    """Tell whether `stored` has the shape of a Fernet token (else it is legacy plain text)."""
    if not stored.startswith("gAAAAA"):
        return False
    try:
        raw = base64.urlsafe_b64decode(stored.encode("ascii"))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return False
    body = len(raw) - _TOKEN_OVERHEAD
    return raw[:1] == b"\x80" and body >= _BLOCK and body % _BLOCK == 0


def encrypt(vault: MultiFernet, plaintext: str) -> str:
    """Return `plaintext` encrypted under the first key, as text for a database column."""
    return vault.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(vault: MultiFernet, stored: str) -> str:
    """Return the plain text of `stored`; legacy plain text comes back as it is.

    Raises DecryptError when `stored` is a token that no configured key opens.
    """
    if not is_token(stored):
        return stored
    try:
        return vault.decrypt(stored.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeDecodeError):
        raise DecryptError("stored secret cannot be decrypted with any configured key") from None


def rotate(vault: MultiFernet, stored: str) -> str:
    """Return `stored` re-encrypted under the first key; legacy plain text gets encrypted.

    Raises DecryptError when `stored` is a token that no configured key opens.
    """
    if not is_token(stored):
        return encrypt(vault, stored)
    try:
        return vault.rotate(stored.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise DecryptError("stored secret cannot be decrypted with any configured key") from None
