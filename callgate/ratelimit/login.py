"""Console login limits: attempts and failures, counted before any password is checked.

A browser the account does not know counts each attempt per address, per /24 or /64, per
account and globally; a browser the account logged in from before (its device cookie) counts
per device instead, so a flood aimed at an address or an account leaves its owner's own
browser alone. Each attempt also takes a failure slot (per address and account, or per
device) in one atomic hit before the password is checked, and gives it back when the
password was right: parallel attempts get no more checks than the slots allow. Counters live
in the token limits' storage (the database or Redis). Over a limit: RateLimited with the
seconds until its window ends; storage unreachable: LimitsUnavailable (fail closed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from sqlalchemy.engine import Engine

from callgate.addresses import network_of, parse_ip
from callgate.errors import ConfigError
from callgate.ratelimit.limiter import (
    LimitsUnavailable,
    RateLimited,
    open_storage,
    retry_after,
    strategy_for,
    transaction,
)

#: What a browser unknown to the account counts against, in this order.
STRANGER_KINDS = ("ip", "prefix", "account", "global")
DEFAULTS = {
    "ip": "10/minute;60/hour",
    "prefix": "30/minute;300/hour",
    "account": "10/minute;30/hour;100/day",
    "global": "60/minute;1000/hour",
    "device": "10/minute;60/hour",
}
CONFIG_KEYS = {kind: f"LOGIN_LIMITS_{kind.upper()}" for kind in DEFAULTS}
#: Where the app keeps its LoginLimiter (`app.extensions`).
EXTENSION = "callgate.login_limiter"
#: Failed passwords (or codes) per address and account, or per known device.
FAILURES = "5 per 15 minutes"


@dataclass(frozen=True)
class Attempt:
    """Who tries to log in: the client address, the account typed, and a known device's id."""

    address: str | None
    email: str
    device: str | None = None

    def counters(self) -> list[tuple[str, str]]:
        """Return the (kind, key) pairs the attempt counts against."""
        if self.device:
            return [("device", self.device)]
        parsed = parse_ip(self.address)
        ip = str(parsed) if parsed else f"unparsed:{(self.address or '')[:64]}"
        prefix = network_of(parsed) if parsed else ip
        return [("ip", ip), ("prefix", prefix), ("account", self.account), ("global", "all")]

    @property
    def account(self) -> str:
        """Return the account's key: the address typed, lowercased and cut."""
        return self.email.strip().lower()[:254]

    def failure_key(self) -> str:
        """Return the key of the failure slots: the device, else the address and account."""
        if self.device:
            return f"device:{self.device}"
        return f"{self.counters()[0][1]}|{self.account}"


def check_settings(config: dict) -> None:
    """Check the CALLGATE_LOGIN_LIMITS_* settings (empty switches a kind off)."""
    for key in CONFIG_KEYS.values():
        text = config[key]
        if not isinstance(text, str):
            raise ConfigError(f"CALLGATE_{key} must be text like 10/minute;60/hour")
        try:
            parse_many(text.strip()) if text.strip() else None
        except ValueError:
            raise ConfigError(f"CALLGATE_{key}: {text!r} is not like 10/minute;60/hour") from None
        config[key] = text.strip()


class LoginLimiter:
    """The login limits over one storage, shared by every worker and instance that uses it."""

    def __init__(self, uri: str, engine: Engine | None, config: Mapping) -> None:
        """Open the storage at `uri` with the limits in `config`; raise ConfigError."""
        self.storage = open_storage(uri, engine)
        self.strategy = strategy_for(self.storage)
        self.limits = {
            kind: parse_many(config[key]) if config[key] else []
            for kind, key in CONFIG_KEYS.items()
        }
        self.failures: RateLimitItem = parse_many(FAILURES)[0]
        self.namespace = f"{config.get('RATE_LIMITS_NAMESPACE') or 'callgate'}/login"

    def attempt(self, attempt: Attempt) -> None:
        """Count one attempt against each of its limits; raise RateLimited or LimitsUnavailable."""
        hits = [(item, kind, key) for kind, key in attempt.counters() for item in self.limits[kind]]
        self._count(hits)

    def take_failure_slot(self, key: str) -> None:
        """Take one failure slot of `key` (one atomic hit); raise RateLimited if none is left."""
        self._count([(self.failures, "failures", key)])

    def give_back(self, key: str) -> None:
        """Forget the key's failures (the password or code was right)."""
        try:
            self.strategy.clear(self.failures, self.namespace, "failures", key)
        except StorageError:
            raise LimitsUnavailable("login limit storage unavailable") from None

    def _count(self, hits: list[tuple[RateLimitItem, str, str]]) -> None:
        """Hit each in one transaction, stopping at the first that breaks its limit."""
        breached = None
        try:
            with transaction(self.storage):
                for item, kind, key in hits:
                    if not self.strategy.hit(item, self.namespace, kind, key):
                        breached = (item, kind, key)
                        break
        except StorageError:
            raise LimitsUnavailable("login limit storage unavailable") from None
        if breached:
            # Read after the commit: inside, it would wait for a second connection.
            item, kind, key = breached
            wait = retry_after(self.strategy, item, self.namespace, kind, key)
            raise RateLimited(kind, wait, button_id=None)
