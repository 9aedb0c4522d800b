"""The proof-of-work settings of the token endpoint (ratelimit/work_gate.py)."""

from __future__ import annotations

from callgate.errors import ConfigError

DEFAULTS: dict[str, object] = {
    # Percent of the button's or the installation's token allowance used in its window from
    # which a token request must carry a solved challenge; "off" never asks for one.
    "POW_THRESHOLD": 50,
    # Zero bits asked at the threshold, rising to the maximum as the allowance runs out.
    "POW_DIFFICULTY": 16,
    "POW_MAX_DIFFICULTY": 18,
    # Seconds a challenge may be solved and used in.
    "POW_SECONDS": 60,
}
BITS = (8, 28)
SECONDS = (10, 600)


def check(config: dict) -> None:
    """Check the proof-of-work settings in place; raise ConfigError on a bad one."""
    threshold = config["POW_THRESHOLD"]
    if threshold in ("off", None):
        config["POW_THRESHOLD"] = None
    elif isinstance(threshold, bool) or not isinstance(threshold, int) or not 0 <= threshold <= 100:
        raise ConfigError("CALLGATE_POW_THRESHOLD must be a percent from 0 to 100, or off")
    for key in ("POW_DIFFICULTY", "POW_MAX_DIFFICULTY", "POW_SECONDS"):
        low, high = SECONDS if key == "POW_SECONDS" else BITS
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(f"CALLGATE_{key} must be a whole number from {low} to {high}")
    if config["POW_MAX_DIFFICULTY"] < config["POW_DIFFICULTY"]:
        raise ConfigError("CALLGATE_POW_MAX_DIFFICULTY must not be below CALLGATE_POW_DIFFICULTY")
