"""Limits per API key: every request a key makes counts in the shared limit storage."""

from __future__ import annotations

from limits import parse_many
from limits.errors import StorageError
from sqlalchemy.engine import Engine

from callgate.errors import ConfigError
from callgate.ratelimit.limiter import (
    LimitsUnavailable,
    RateLimited,
    open_storage,
    retry_after,
    strategy_for,
    transaction,
)

#: Requests a key may make, unless CALLGATE_API_RATE_LIMITS says otherwise.
DEFAULT = "120/minute;3000/hour"


class KeyLimiter:
    """The per-key request limits over the app's limit storage (database or Redis)."""

    def __init__(self, uri: str, engine: Engine | None, limits: str, namespace: str) -> None:
        """Open the storage and read `limits`; raise ConfigError if either cannot be used."""
        try:
            self.items = parse_many(limits) if limits else []
        except ValueError:
            raise ConfigError(f"CALLGATE_API_RATE_LIMITS: {limits!r} is not a limit") from None
        self.storage = open_storage(uri, engine)
        self.strategy = strategy_for(self.storage)
        self.namespace = f"{namespace or 'callgate'}/apikey"

    def hit(self, key_id: int) -> None:
        """Count one request of the key; raise RateLimited or LimitsUnavailable."""
        who = str(key_id)
        try:
            with transaction(self.storage):
                for item in self.items:
                    if not self.strategy.hit(item, self.namespace, who):
                        wait = retry_after(self.strategy, item, self.namespace, who)
                        raise RateLimited("apikey", wait, button_id=None)
        except StorageError:
            raise LimitsUnavailable("rate limit storage unavailable") from None
