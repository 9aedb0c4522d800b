"""Proof of work for token requests under pressure: a signed challenge, its proof, the check.

A challenge names the button, the page's origin, a difficulty in bits and a random nonce,
signed with the token keys under its own salt, with the time it was made. Its proof is the
challenge, a dot and a decimal counter, whose SHA-256 starts with at least that many zero
bits: finding one takes about 2**bits hashes, checking it takes one. Nothing is stored until
a proof is used: then its nonce is spent once (ratelimit/work_gate.py).
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from callgate.errors import Refused

SALT = "callgate.work"
#: The longest counter a proof may carry: 10**15 tries are far past any difficulty we ask.
COUNTER_DIGITS = 15
MAX_PROOF = 400
MAX_BITS = 32


class ProofRejected(Refused):
    """A proof is malformed, forged, expired, for another button or origin, or too easy."""

    code = "proof_rejected"
    codes = ("proof_invalid", "proof_expired", "proof_elsewhere", "proof_short", "proof_spent")


@dataclass(frozen=True)
class Proven:
    """What a checked proof proves: the nonce to spend and the difficulty it was solved at."""

    nonce: str
    bits: int


def _serializer(keys: Sequence[str]) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        list(keys), salt=SALT, signer_kwargs={"digest_method": hashlib.sha256}
    )


def issue(keys: Sequence[str], button_id: str, origin: str, bits: int) -> str:
    """Return a new challenge of `bits` for `button_id` and `origin` (the last key signs)."""
    nonce = secrets.token_urlsafe(12)
    return _serializer(keys).dumps([button_id[:64], origin[:300], bits, nonce])


def zero_bits(data: bytes) -> int:
    """Return how many zero bits the SHA-256 of `data` starts with."""
    digest = int.from_bytes(hashlib.sha256(data).digest()[:8], "big")
    return 64 - digest.bit_length()


def check(proof: object, keys: Sequence[str], button_id: str, origin: str, max_age: int) -> Proven:
    """Return what `proof` proves for this button and origin; raise ProofRejected if it fails."""
    if not isinstance(proof, str) or len(proof) > MAX_PROOF or not proof.isascii():
        raise ProofRejected("proof is invalid", reason="proof_invalid")
    challenge, _, counter = proof.rpartition(".")
    if not counter.isdigit() or len(counter) > COUNTER_DIGITS:
        raise ProofRejected("proof is invalid", reason="proof_invalid")
    try:
        named = _serializer(keys).loads(challenge, max_age=max_age)
    except SignatureExpired:
        raise ProofRejected("proof has expired", reason="proof_expired") from None
    except BadSignature:
        raise ProofRejected("proof is invalid", reason="proof_invalid") from None
    match named:
        case [str(button), str(page), int(bits), str(nonce)] if 0 < bits <= MAX_BITS:
            pass
        case _:
            raise ProofRejected("proof is invalid", reason="proof_invalid")
    if button != button_id[:64] or page != origin[:300]:
        raise ProofRejected("proof is for another button or page", reason="proof_elsewhere")
    if zero_bits(proof.encode()) < bits:
        raise ProofRejected("proof does not meet its difficulty", reason="proof_short")
    return Proven(nonce, bits)


def difficulty(bits: tuple[int, int], threshold: float, share: float) -> int:
    """Return the bits to ask when `share` of an allowance is used and challenges start at
    `threshold`: the lower bound of `bits` there, rising in steps to the upper at a full one."""
    low, high = bits
    if share >= 1 or threshold >= 1:
        return high
    rise = max(0.0, (share - threshold) / (1 - threshold))
    # Rounded first: 0.6 of a 10-token allowance is one step up, not 0.9999... of one.
    return min(high, low + int(round(rise * (high - low + 1), 9)))


def solve(challenge: str, bits: int) -> str:
    """Return a proof of `challenge` at `bits` (for API clients, tests and the benchmark)."""
    head = hashlib.sha256((challenge + ".").encode())
    for counter in itertools.count():
        digits = str(counter).encode()
        hashed = head.copy()
        hashed.update(digits)
        if 64 - int.from_bytes(hashed.digest()[:8], "big").bit_length() >= bits:
            return f"{challenge}.{counter}"
    raise AssertionError("unreachable")
