"""Read a session's `restClientConfig` the way WCS does: per method, with documented defaults."""

from __future__ import annotations

DEFAULTS = {
    "clientExclude": "",
    "restExclude": "",
    "restOnError": "LOG",
    "restPolicy": "NOTIFY",
    "restOverwrite": "",
}


def method_config(config: dict, method: str) -> dict[str, str]:
    """Return `method`'s settings; a missing method or field takes the WCS default."""
    entry = config.get(method)
    if not isinstance(entry, dict):
        return dict(DEFAULTS)
    return {key: str(entry.get(key) or default) for key, default in DEFAULTS.items()}


def names(value: str) -> set[str]:
    """Return the field names in a comma-separated list."""
    return {part.strip() for part in value.split(",") if part.strip()}


def client_excluded(config: dict, *methods: str) -> set[str]:
    """Return the union of `clientExclude` over `methods`."""
    return set().union(*(names(method_config(config, m)["clientExclude"]) for m in methods))


def without(obj: dict, excluded: set[str]) -> dict:
    """Return a copy of `obj` without the `excluded` fields."""
    return {key: value for key, value in obj.items() if key not in excluded}


def is_disabled(entry: dict[str, str]) -> bool:
    """Return True when the method must not be POSTed (`DISABLE`, or WCS 4's `DISABLED`)."""
    return entry["restPolicy"].upper() in ("DISABLE", "DISABLED")


def fails_on_error(entry: dict[str, str]) -> bool:
    """Return True when a refused or failed hook must stop the action (`restOnError: FAIL`)."""
    return entry["restOnError"].upper() == "FAIL"


def overwrites(entry: dict[str, str]) -> set[str]:
    """Return the fields to take from the hook's answer (empty unless `OVERWRITE`)."""
    if entry["restPolicy"].upper() != "OVERWRITE":
        return set()
    return names(entry["restOverwrite"])
