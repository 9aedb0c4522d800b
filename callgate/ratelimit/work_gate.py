"""The proof-of-work gate of the token limits: under pressure, only solved requests count.

The pressure is the largest share of a scarce allowance (the button's, the installation's:
rules.SCARCE) used in its current window. Below the threshold nothing changes. From it on, a
request without a good proof is answered with a challenge (calltokens/work.py) and counts
against none of the scarce limits, so a flood that does not pay cannot drain them; a good
proof's nonce is spent once, and the request is counted as any other. The difficulty rises
with the pressure, so a flood that pays is slowed to what its CPU can buy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from limits import RateLimitItem

from callgate.calltokens import work
from callgate.calltokens.work import ProofRejected
from callgate.db.models import Button
from callgate.errors import Refused

if TYPE_CHECKING:
    from callgate.ratelimit.limiter import TokenLimiter

#: Seconds a spent nonce is kept past its challenge's life (clocks of instances differ a little).
SPENT_MARGIN = 5


class ChallengeRequired(Refused):
    """The token limits run hot: solve this challenge and ask again with its proof."""

    code = "challenge_required"

    def __init__(
        self,
        challenge: str,
        bits: int,
        seconds: int,
        *,
        button_id: str | None,
        rejected: ProofRejected | None,
    ) -> None:
        why = f"; the proof sent was refused: {rejected.message}" if rejected else ""
        super().__init__(
            f"solve the challenge and ask again{why}",
            button_id=button_id,
            reason="challenge_required",
        )
        self.challenge, self.bits, self.seconds = challenge, bits, seconds
        self.rejected = rejected


@dataclass(frozen=True)
class WorkPolicy:
    """When to ask for a proof (share of an allowance used), how hard, and for how long."""

    keys: Sequence[str]
    threshold: float
    bits: tuple[int, int]
    seconds: int

    @classmethod
    def from_config(cls, config: Mapping) -> WorkPolicy | None:
        """Return the policy the POW_* settings describe, or None if it is off."""
        if config.get("POW_THRESHOLD") is None:
            return None
        bits = (config["POW_DIFFICULTY"], config["POW_MAX_DIFFICULTY"])
        return cls(config["TOKEN_KEYS"], config["POW_THRESHOLD"] / 100, bits, config["POW_SECONDS"])


Planned = Sequence[tuple[str, RateLimitItem]]
#: The gate as the limiter asks it: with the share of the scarce limits used before a request.
Gate = Callable[[float], None]


def demand(
    limiter: TokenLimiter,
    share: float,
    *,
    proof: str | None,
    button_id: str,
    origin: str,
    refused_as: Button | None,
) -> None:
    """Return if `share` of a scarce allowance is below the threshold, or all of one (the count
    refuses it), or `proof` is good for `button_id` and `origin` and unspent (now spent); else
    raise ChallengeRequired (about `refused_as`, the button if it is one)."""
    policy = limiter.work
    assert policy is not None
    # Spent already: counting refuses it at once, no work would buy a token now.
    if share < policy.threshold or share >= 1:
        return
    rejected = None
    if proof is not None:
        try:
            proven = work.check(proof, policy.keys, button_id, origin, policy.seconds)
            spent = f"{limiter.namespace}/work/{proven.nonce}"
            if limiter.storage.incr(spent, policy.seconds + SPENT_MARGIN) == 1:
                return
            rejected = ProofRejected("proof was already used", reason="proof_spent")
        except ProofRejected as exc:
            rejected = exc
    bits = work.difficulty(policy.bits, policy.threshold, share)
    challenge = work.issue(policy.keys, button_id, origin, bits)
    about = refused_as.id if refused_as else None
    raise ChallengeRequired(challenge, bits, policy.seconds, button_id=about, rejected=rejected)


def used_share(limiter: TokenLimiter, planned: Planned, keys: Mapping[str, str]) -> float:
    """Return the largest share of a limit in `planned` used in its current window (0 to 1+),
    as the limiter's strategy reads it (Redis's sliding windows; the database's own counters
    are read as they are counted, limiter.py)."""
    shares = []
    for kind, item in planned:
        stats = limiter.strategy.get_window_stats(item, limiter.namespace, kind, keys[kind])
        shares.append((item.amount - stats.remaining) / item.amount)
    return max(shares, default=0.0)
