"""Retention periods: how many days each kind of data is kept (`CALLGATE_RETENTION_DAYS_*`).

Safe by default: a period is always in force unless the operator writes 0 or `off` for a kind,
which keeps it forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from callgate.errors import ConfigError

#: Kind -> days kept unless configured: callback requests, call context (the call log, its
#: sessions and status events), call reports (quality, consent, rating), the audit trail.
DEFAULTS = {"callbacks": 90, "calls": 180, "reports": 180, "audit": 400}
MAX_DAYS = 36500


def setting(kind: str) -> str:
    """Return the config key of a kind's period (`RETENTION_DAYS_CALLS`)."""
    return f"RETENTION_DAYS_{kind.upper()}"


@dataclass(frozen=True)
class Periods:
    """Days kept per kind; None keeps that kind forever."""

    days: dict[str, int | None]

    def cutoff(self, kind: str, now: datetime) -> datetime | None:
        """Return the time before which rows of `kind` go, or None when they are kept forever."""
        days = self.days[kind]
        return None if days is None else now - timedelta(days=days)


def parse(kind: str, value: object) -> int | None:
    """Return a kind's period in days from its setting, None for 0 or `off`; raise ConfigError."""
    text = str(value).strip().lower()
    if not isinstance(value, bool) and text in ("0", "off"):
        return None
    if (
        isinstance(value, bool)
        or not (text.isascii() and text.isdigit())
        or not 1 <= int(text) <= MAX_DAYS
    ):
        raise ConfigError(
            f"CALLGATE_{setting(kind)} must be a number of days from 1 to {MAX_DAYS}, "
            "or 0 or off to keep that data forever"
        )
    return int(text)


def from_config(config: dict) -> Periods:
    """Return the periods of the `RETENTION_DAYS_*` settings in `config`; raise ConfigError."""
    return Periods(
        {kind: parse(kind, config.get(setting(kind), days)) for kind, days in DEFAULTS.items()}
    )
