"""Passwords: the rules a new one must meet, and Argon2id hashes (memory-hard) to store."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from callgate.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 256
#: argon2-cffi's defaults (RFC 9106's low-memory profile): 64 MiB, 3 passes.
DEFAULT_MEMORY_KIB = 65536
DEFAULT_TIME_COST = 3
_HASHER = PasswordHasher(time_cost=DEFAULT_TIME_COST, memory_cost=DEFAULT_MEMORY_KIB)
# Checked against when the account does not exist, so a miss takes as long as a hit; made on
# first use, since making one costs as much as a login.
_DUMMY: str | None = None


class PasswordError(InvalidInput):
    """A new password does not meet the rules."""

    code = "invalid_password"


def check_new(password: object, email: str = "") -> str:
    """Return `password` if it may be set: 10 to 256 characters, not the e-mail address."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise PasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordError(f"a password may have at most {MAX_LENGTH} characters")
    if password.strip().lower() == email.strip().lower():
        raise PasswordError("the password must not be the e-mail address")
    return password


def configure(memory_kib: int, time_cost: int) -> None:
    """Hash new passwords with these Argon2id costs; stored hashes carry their own."""
    global _HASHER, _DUMMY
    if (_HASHER.memory_cost, _HASHER.time_cost) != (memory_kib, time_cost):
        _HASHER = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        _DUMMY = None


def hash_password(password: str) -> str:
    """Return an Argon2id hash of `password` (salted, with its parameters) to store."""
    return _HASHER.hash(password)


def verify(stored: str | None, password: str) -> bool:
    """Tell whether `password` matches the `stored` hash; None (no account) takes as long."""
    global _DUMMY
    if not stored:
        _DUMMY = _DUMMY or _HASHER.hash("not a password anyone has")
    try:
        return _HASHER.verify(stored or _DUMMY or "", password) and bool(stored)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Tell whether `stored` was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True
