"""calltokens/work.py: challenges signed for one button and page, proofs checked in one hash."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from callgate.calltokens import work
from callgate.calltokens.work import ProofRejected, Proven

KEYS = ["old-key-0123456789", "current-key-0123456789"]
BUTTON, ORIGIN = "b-1", "https://shop.example.com"
START = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


def proof(bits: int = 8, keys=KEYS, button: str = BUTTON, origin: str = ORIGIN) -> str:
    return work.solve(work.issue(keys, button, origin, bits), bits)


def failing_counter(challenge: str, bits: int) -> str:
    """Return a proof of `challenge` whose hash falls short of `bits`."""
    counter = 0
    while work.zero_bits(f"{challenge}.{counter}".encode()) >= bits:
        counter += 1
    return f"{challenge}.{counter}"


def test_a_solved_challenge_proves_its_nonce_and_difficulty():
    found = work.check(proof(10), KEYS, BUTTON, ORIGIN, 60)
    assert isinstance(found, Proven) and found.bits == 10 and len(found.nonce) == 16


def test_each_challenge_has_its_own_nonce():
    nonces = {work.check(proof(), KEYS, BUTTON, ORIGIN, 60).nonce for _ in range(20)}
    assert len(nonces) == 20


def test_a_proof_hashes_to_the_zero_bits_it_claims():
    made = proof(12)
    digest = hashlib.sha256(made.encode()).digest()
    assert int.from_bytes(digest[:2], "big") >> 4 == 0
    assert work.zero_bits(made.encode()) >= 12


def test_a_challenge_signed_with_a_retired_key_still_checks():
    made = proof(keys=KEYS[:1])
    assert work.check(made, KEYS, BUTTON, ORIGIN, 60).bits == 8
    with pytest.raises(ProofRejected):
        work.check(made, ["another-key-0123456789"], BUTTON, ORIGIN, 60)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: None, "proof_invalid"),
        (lambda: 12345, "proof_invalid"),
        (lambda: "", "proof_invalid"),
        (lambda: "no-dot-at-all", "proof_invalid"),
        (lambda: proof() + "x", "proof_invalid"),
        (lambda: proof().rpartition(".")[0] + ".-1", "proof_invalid"),
        (lambda: proof().rpartition(".")[0] + "." + "1" * 16, "proof_invalid"),
        (lambda: proof().rpartition(".")[0] + ".١٢", "proof_invalid"),  # non-ASCII digits
        (lambda: proof() + "\udcff", "proof_invalid"),
        (lambda: "a" * 500, "proof_invalid"),
        (lambda: "x" + proof(), "proof_invalid"),  # the signed part altered
        (lambda: proof(keys=["another-key-0123456789"]), "proof_invalid"),
        (lambda: proof(button="b-2"), "proof_elsewhere"),
        (lambda: proof(origin="https://evil.example.net"), "proof_elsewhere"),
        (lambda: failing_counter(work.issue(KEYS, BUTTON, ORIGIN, 12), 12), "proof_short"),
    ],
)
def test_bad_proofs_are_rejected_with_their_reason(make, code):
    with pytest.raises(ProofRejected) as refused:
        work.check(make(), KEYS, BUTTON, ORIGIN, 60)
    assert refused.value.said["code"] == code
    assert refused.value.code == "proof_rejected"


@pytest.mark.parametrize(
    "named",
    [
        ["b-1", ORIGIN, 8],
        ["b-1", ORIGIN, "8", "n"],
        ["b-1", ORIGIN, 0, "n"],
        ["b-1", ORIGIN, 33, "n"],
        {"b": "b-1"},
    ],
)
def test_a_signed_value_of_another_shape_is_rejected(named):
    """Only what `issue` signs is a challenge, even under our own keys."""
    challenge = work._serializer(KEYS).dumps(named)
    with pytest.raises(ProofRejected) as refused:
        work.check(challenge + ".0", KEYS, BUTTON, ORIGIN, 60)
    assert refused.value.said["code"] == "proof_invalid"


def test_a_proof_expires_with_its_challenge():
    with time_machine.travel(START, tick=False) as clock:
        made = proof()
        clock.move_to(START + timedelta(seconds=60))
        assert work.check(made, KEYS, BUTTON, ORIGIN, 60).bits == 8
        clock.move_to(START + timedelta(seconds=62))
        with pytest.raises(ProofRejected) as refused:
            work.check(made, KEYS, BUTTON, ORIGIN, 60)
    assert refused.value.said["code"] == "proof_expired"


def test_a_long_button_id_or_origin_is_bound_by_its_first_characters():
    long_id, long_origin = "b" * 200, "https://" + "a" * 400 + ".example"
    made = proof(button=long_id, origin=long_origin)
    assert work.check(made, KEYS, long_id, long_origin, 60).bits == 8
    assert len(made) <= work.MAX_PROOF


@pytest.mark.parametrize(
    ("share", "bits"),
    [(0.5, 16), (0.59, 16), (0.61, 17), (0.75, 18), (0.9, 20), (0.99, 20), (1.0, 20), (0.2, 16)],
)
def test_the_difficulty_rises_with_the_share_used(share, bits):
    assert work.difficulty((16, 20), 0.5, share) == bits


def test_a_threshold_of_a_full_allowance_asks_the_most():
    assert work.difficulty((16, 20), 1.0, 1.0) == 20
    assert work.difficulty((12, 12), 0.0, 0.5) == 12


def test_a_challenge_is_never_a_call_token_nor_a_token_a_challenge():
    from callgate.calltokens.tokens import TokenError, issue_token, load_token

    challenge = work.issue(KEYS, BUTTON, ORIGIN, 8)
    with pytest.raises(TokenError):
        load_token(challenge, KEYS, max_age=60, skew=5)
    token = issue_token(KEYS, BUTTON, ORIGIN)
    with pytest.raises(ProofRejected) as refused:
        work.check(work.solve(token, 8), KEYS, BUTTON, ORIGIN, 60)
    assert refused.value.said["code"] == "proof_invalid"
