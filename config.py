"""Configuration: defaults, then `CALLGATE_*` environment variables, then test overrides."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, cast

from flask import Flask

import config_checks as checks
from errors import ConfigError
from ratelimit import rules

DEFAULTS: dict[str, object] = {
    "SECRET_KEY": None,
    "SECRET_KEY_FALLBACKS": [],
    "DATABASE_URL": None,
    "DB_LOCK_TIMEOUT_MS": 1000,
    "WCS_HOOK_SECRETS": [],
    "ENCRYPTION_KEYS": [],
    "CALLEE_COUNTRIES": [],
    "TOKEN_MAX_AGE": 60,
    "TOKEN_CLOCK_SKEW": 5,
    "PUBLIC_URL": "http://127.0.0.1:8000",
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "VISITOR_IP_PREFIX_V4": 24,
    "VISITOR_IP_PREFIX_V6": 48,
    "LOG_LEVEL": "INFO",
    **{key: rules.DEFAULTS[kind] for kind, key in rules.CONFIG_KEYS.items()},
    "RATELIMIT_STORAGE_URI": "callgate+db://",
    "TRUSTED_PROXIES": 0,
    "TOKEN_BINDING": "off",
    "HOOK_ALLOWED_CIDRS": [],
    "WCS_API_URL": None,
    "WCS_API_USER": None,
    "WCS_API_PASSWORD": None,
}
INTS = (
    "DB_LOCK_TIMEOUT_MS",
    "TOKEN_MAX_AGE",
    "TOKEN_CLOCK_SKEW",
    "MAX_CONTENT_LENGTH",
    "VISITOR_IP_PREFIX_V4",
    "VISITOR_IP_PREFIX_V6",
    "TRUSTED_PROXIES",
)
LISTS = (
    "SECRET_KEY_FALLBACKS",
    "WCS_HOOK_SECRETS",
    "HOOK_ALLOWED_CIDRS",
    "ENCRYPTION_KEYS",
    "CALLEE_COUNTRIES",
)
# Taken verbatim from the environment: JSON parsing would turn a password like 1e5 into 100000.0.
VERBATIM = ("WCS_API_URL", "WCS_API_USER", "WCS_API_PASSWORD")


def load(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config` in order and check it; raise ConfigError on unsafe or bad values."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CALLGATE")
    for key in VERBATIM:
        app.config[key] = os.environ.get(f"CALLGATE_{key}") or app.config[key]
    if test_config:
        app.config.update(test_config)
    config = app.config
    for key in LISTS:
        config[key] = _as_list(key, config[key])
    for key in INTS:
        config[key] = _as_int(key, config[key])
    _secret_key(config, app.testing)
    if config["DB_LOCK_TIMEOUT_MS"] < 1:
        # 0 would be no wait at all on SQLite, and wait forever on PostgreSQL.
        raise ConfigError("CALLGATE_DB_LOCK_TIMEOUT_MS must be at least 1")
    checks.check_abuse_settings(config)
    checks.check_encryption_keys(config, app.testing)
    config["CALLEE_COUNTRIES"] = checks.check_countries(config["CALLEE_COUNTRIES"])
    checks.check_wcs_api_url(config.get("WCS_API_URL"))
    config["TOKEN_KEYS"] = [*config["SECRET_KEY_FALLBACKS"], config["SECRET_KEY"]]
    if not config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'callgate.sqlite3'}"


def _secret_key(config: dict, testing: bool) -> None:
    key = config["SECRET_KEY"]
    if key in (None, "") and testing:
        key = secrets.token_urlsafe(32)
    if key in (None, ""):
        raise ConfigError(
            "CALLGATE_SECRET_KEY is not set; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    config["SECRET_KEY"] = str(key)


def _as_list(key: str, value: object) -> list[str]:
    """Accept a JSON list (from the environment) or a comma-separated string."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int)) for v in value):
        return [str(v) for v in value if str(v)]
    raise ConfigError(f"CALLGATE_{key} must be a list of strings")


def _as_int(key: str, value: object) -> int:
    if isinstance(value, float) and not value.is_integer():
        raise ConfigError(f"CALLGATE_{key} must be a whole number, not {value!r}")
    try:
        number = int(cast(Any, value))
    except (TypeError, ValueError):
        raise ConfigError(f"CALLGATE_{key} must be a whole number, not {value!r}") from None
    if number < 0 or isinstance(value, bool):
        raise ConfigError(f"CALLGATE_{key} must be a whole number >= 0")
    return number
