"""Abuse limits on call tokens: per client address, per /24 or /64, per button and globally.

Each request counts against every kind in turn (see rules.py) and stops at the first limit it
breaks, so the limits before it have counted it. Counters live in shared storage: the app's
database by default (fixed windows), or Redis (sliding windows), or any `limits` storage URI.
Breached:
RateLimited, with the seconds until the window that refused it ends. Storage unreachable:
LimitsUnavailable, and the caller must issue no token (fail closed).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext

from limits import RateLimitItem, parse_many
from limits.errors import ConfigurationError, StorageError
from limits.storage import RedisStorage, SlidingWindowCounterSupport, Storage, storage_from_string
from limits.strategies import (
    FixedWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from sqlalchemy.engine import Engine

from callgate.addresses import network_of, parse_ip
from callgate.db.models import Button
from callgate.errors import ConfigError, Refused, Unavailable
from callgate.ratelimit import rules, work_gate
from callgate.ratelimit.redis_trip import one_trip
from callgate.ratelimit.storage import SCHEME, DatabaseStorage
from callgate.ratelimit.work_gate import ChallengeRequired, Gate, Planned, WorkPolicy

REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://", "redis+cluster://", "redis+sentinel://")
#: Seconds to wait for Redis before the token request fails closed with 503.
REDIS_TIMEOUT = 1.0
#: Where the app keeps its TokenLimiter (`app.extensions`), for the endpoint and the probes.
EXTENSION = "callgate.token_limiter"


class RateLimited(Refused):
    """A token limit is used up: which kind, and how long until its window ends."""

    code = "rate_limited"

    def __init__(self, kind: str, retry_after: int, *, button_id: str | None) -> None:
        super().__init__(
            f"rate limit {kind}", button_id=button_id, reason="rate_limited", params={"kind": kind}
        )
        self.kind = kind
        self.retry_after = retry_after


#: The kind and limit a request broke, if it broke one.
Refusal = tuple[str, RateLimitItem] | None


class LimitsUnavailable(Unavailable):
    """The limit counters cannot be read or written."""


def client_keys(remote_addr: str | None) -> tuple[str, str]:
    """Return the per-address and per-network keys of a client (IPv4-mapped IPv6 as IPv4)."""
    address = parse_ip(remote_addr)
    if address is None:
        unparsed = f"unparsed:{(remote_addr or '')[:64]}"
        return unparsed, unparsed
    return str(address), network_of(address)


def strategy_for(storage: Storage) -> RateLimiter:
    """Return the sliding-window counter where the storage offers one (Redis), else fixed windows.

    A sliding window counts the previous window's hits, weighted by how much of it still
    overlaps, so a burst across a window boundary cannot get twice the limit.
    """
    if isinstance(storage, SlidingWindowCounterSupport) and isinstance(storage, RedisStorage):
        return SlidingWindowCounterRateLimiter(storage)
    return FixedWindowRateLimiter(storage)


def open_storage(uri: str, engine: Engine | None) -> Storage:
    """Open the `limits` storage at `uri` (the database's needs `engine`); raise ConfigError."""
    options: dict = {"wrap_exceptions": True}
    if uri.startswith(f"{SCHEME}:"):
        options["engine"] = engine
    if uri.startswith(REDIS_SCHEMES):
        # A Redis that stops answering must fail the request fast, not hang the worker.
        options |= {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT}
    try:
        storage = storage_from_string(uri, **options)
    except ConfigurationError as exc:
        raise ConfigError(f"CALLGATE_RATELIMIT_STORAGE_URI: {exc}") from None
    if not isinstance(storage, Storage):
        raise ConfigError(f"CALLGATE_RATELIMIT_STORAGE_URI: {uri!r} is an asyncio storage")
    return storage


def transaction(storage: Storage) -> AbstractContextManager[None]:
    """One transaction for a request's database counters; Redis needs none."""
    if isinstance(storage, DatabaseStorage):
        return storage.one_transaction()
    return nullcontext()


def retry_after(strategy: RateLimiter, item: RateLimitItem, *identifiers: str) -> int:
    """Return the whole seconds until the window of `item` for `identifiers` ends (at least 1)."""
    try:
        window = strategy.get_window_stats(item, *identifiers).reset_time - time.time()
    except StorageError:
        # The breach was counted, so the storage was there a moment ago: say a whole window.
        window = item.get_expiry()
    return max(1, math.ceil(window))


class TokenLimiter:
    """The four kinds of token limits over one storage, shared by every worker that uses it."""

    def __init__(
        self,
        uri: str,
        engine: Engine | None,
        config: Mapping,
        counters: str = "token",
        *,
        use_overrides: bool = True,
        work: WorkPolicy | None = None,
    ) -> None:
        """Open the storage at `uri`; raise ConfigError if it cannot be used.

        `counters` keeps other counts (callback requests, call reports) apart from the
        tokens'; `use_overrides` applies a button's own token limits; `work` asks for a proof
        of work when the scarce limits run hot (work_gate.py).
        """
        self.storage = open_storage(uri, engine)
        self.strategy = strategy_for(self.storage)
        self.config = config
        self.use_overrides = use_overrides
        self.work = work
        self.trip = one_trip(self.storage)
        # Installations sharing one Redis keep their counters apart by this prefix.
        self.namespace = f"{config.get('RATE_LIMITS_NAMESPACE') or 'callgate'}/{counters}"

    def hit(
        self,
        remote_addr: str | None,
        button_id: str,
        button: Button | None,
        *,
        origin: str = "",
        proof: str | None = None,
    ) -> None:
        """Count one token request; raise RateLimited, ChallengeRequired or LimitsUnavailable.

        `button` is None for an unknown or disabled id: that request still counts per address,
        network and globally, but made-up ids get no counter of their own. With a work policy,
        the scarce limits count it only below their threshold or with a good `proof` of a
        challenge bound to `button_id` and the page's `origin`.
        """
        ip, prefix = client_keys(remote_addr)
        keys = {"ip": ip, "prefix": prefix, "button": button_id, "global": "all"}
        overrides = button.token_limits if button and self.use_overrides else None
        kinds = [kind for kind in rules.KINDS if kind != "button" or button is not None]
        texts = {kind: rules.limits_for(kind, self.config, overrides) for kind in kinds}
        planned = [(k, item) for k in kinds if texts[k] for item in parse_many(texts[k])]
        gate = None
        if self.work is not None:
            gate = Gate(self, proof, button_id, origin, refused_as=button)
        try:
            with transaction(self.storage):
                refused = self._count(planned, keys, gate)
                if refused is not None:
                    kind, item = refused
                    wait = retry_after(self.strategy, item, self.namespace, kind, keys[kind])
                    raise RateLimited(kind, wait, button_id=button.id if button else None)
        except StorageError:
            raise LimitsUnavailable(
                "rate limit storage unavailable", reason="limits_unavailable"
            ) from None

    def _count(self, planned: Planned, keys: Mapping[str, str], gate: Gate | None) -> Refusal:
        """Count the request against each (kind, limit) in order, up to the first it breaks;
        return that one (None if none). In the database: on PostgreSQL in one statement, one
        round trip (then the limits after a broken one are taken back); on SQLite one hit at a
        time (it runs in process: one statement per hit measured a little quicker there). On one
        Redis in one script call (redis_trip.py); elsewhere one hit at a time. The work `gate` is
        asked with the share of the scarce limits used before this request;
        when it asks for a proof, their hits are taken back."""
        storage = self.storage
        if self.trip is not None:
            return self.trip.count(self.namespace, planned, keys, gate)
        if not isinstance(storage, DatabaseStorage):
            return self._count_each(planned, keys, gate)
        named = [item.key_for(self.namespace, k, keys[k]) for k, item in planned]
        at_once = storage.engine.dialect.name == "postgresql" and len(set(named)) == len(named)
        counts: dict[str, int] = {}
        if at_once:
            hits = [
                (key, item.get_expiry()) for key, (_k, item) in zip(named, planned, strict=True)
            ]
            counts = storage.incr_many(hits)
        for n, (kind, item) in enumerate(planned):
            if not at_once:
                counts[named[n]] = storage.incr(named[n], item.get_expiry())
            if counts[named[n]] > item.amount:
                if at_once:
                    storage.uncount(named[n + 1 :])
                return kind, item
        scarce = [(named[n], item) for n, (k, item) in enumerate(planned) if k in rules.SCARCE]
        if gate is not None and scarce:
            try:
                gate(max((counts[key] - 1) / item.amount for key, item in scarce))
            except ChallengeRequired:
                storage.uncount([key for key, _ in scarce])  # an unsolved request counts not
                raise
        return None

    def _count_each(self, planned: Planned, keys: Mapping[str, str], gate: Gate | None) -> Refusal:
        """Count one hit at a time in any `limits` storage (Redis); before the scarce limits,
        read the share of them used for the gate."""
        # KINDS lists the scarce kinds last.
        scarce = [(k, item) for k, item in planned if k in rules.SCARCE] if gate else []
        for n, (kind, item) in enumerate(planned):
            if gate is not None and scarce and n == len(planned) - len(scarce):
                gate(work_gate.used_share(self, scarce, keys))
            if not self.strategy.hit(item, self.namespace, kind, keys[kind]):
                return kind, item
        return None
