"""The proof-of-work gate of the token limits: under pressure, only solved requests count.

The pressure is the largest share of a scarce allowance (the button's, the installation's:
rules.SCARCE) used in its current window. Below the threshold nothing changes. From it on, a
request without a good proof is answered with a challenge (calltokens/work.py) and counts
against none of the scarce limits, so a flood that does not pay cannot drain them; a good
proof's nonce is spent once, and the request is counted as any other. The difficulty rises
with the pressure, so a flood that pays is slowed to what its CPU can buy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from limits import RateLimitItem

from callgate.calltokens import work
from callgate.calltokens.work import ProofRejected, Proven
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


class Gate:
    """One token request at the gate: its proof, and the button and page it must be for."""

    def __init__(
        self, limiter: TokenLimiter, proof: str | None, button_id: str, origin: str, **about: object
    ) -> None:
        """`about`: refused_as, the request's button if it is one (for the audit of a refusal)."""
        assert limiter.work is not None
        self.limiter, self.policy = limiter, limiter.work
        self.proof, self.button_id, self.origin = proof, button_id, origin
        refused_as = about.get("refused_as")
        self.refused_as = refused_as.id if isinstance(refused_as, Button) else None

    def open_at(self, share: float) -> bool:
        """Return True if `share` of an allowance used asks for no proof: below the threshold,
        or all of it (counting refuses it at once: no work would buy a token now)."""
        return share < self.policy.threshold or share >= 1

    def checked(self) -> Proven | ProofRejected | None:
        """Return what the request's proof proves, why it is refused, or None without one."""
        if self.proof is None:
            return None
        policy = self.policy
        try:
            return work.check(self.proof, policy.keys, self.button_id, self.origin, policy.seconds)
        except ProofRejected as exc:
            return exc

    def spent_key(self, proven: Proven) -> str:
        """Return the counter that spends `proven`'s nonce once."""
        return f"{self.limiter.namespace}/work/{proven.nonce}"

    def __call__(self, share: float) -> None:
        """Return if `share` asks for no proof, or the request's proof is good and unspent (now
        spent); else raise ChallengeRequired."""
        if self.open_at(share):
            return
        found = self.checked()
        if isinstance(found, Proven):
            lasts = self.policy.seconds + SPENT_MARGIN
            if self.limiter.storage.incr(self.spent_key(found), lasts) == 1:
                return
            found = SPENT
        self.refuse(share, found)

    def refuse(self, share: float, rejected: ProofRejected | None) -> NoReturn:
        """Raise ChallengeRequired with a new challenge as hard as `share` asks."""
        policy = self.policy
        bits = work.difficulty(policy.bits, policy.threshold, share)
        challenge = work.issue(policy.keys, self.button_id, self.origin, bits)
        raise ChallengeRequired(
            challenge, bits, policy.seconds, button_id=self.refused_as, rejected=rejected
        )


SPENT = ProofRejected("proof was already used", reason="proof_spent")


def used_share(limiter: TokenLimiter, planned: Planned, keys: Mapping[str, str]) -> float:
    """Return the largest share of a limit in `planned` used in its current window (0 to 1+),
    as the limiter's strategy reads it (Redis's sliding windows; the database's own counters
    are read as they are counted, limiter.py)."""
    shares = []
    for kind, item in planned:
        if item.amount <= 0:  # a limit of none (0/day): used up, the count refuses it
            shares.append(1.0)
            continue
        stats = limiter.strategy.get_window_stats(item, limiter.namespace, kind, keys[kind])
        shares.append((item.amount - stats.remaining) / item.amount)
    return max(shares, default=0.0)
