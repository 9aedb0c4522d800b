"""Configuration: defaults, then `CALLGATE_*` settings (the installation's settings file with the
environment over it), then test overrides."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, cast

from flask import Flask

from callgate.accounts import passwords, throttle
from callgate.config import checks as checks
from callgate.config import server as server_config
from callgate.config import settings_file
from callgate.config import work as work_config
from callgate.errors import ConfigError
from callgate.ratelimit import login as login_limits
from callgate.ratelimit import rules
from callgate.retention import periods

CONSOLE_KEY_MIN = 32
#: A lock wait longer than this would outlast WCS's hook timeout (rest_request_timeout, 5 s).
MAX_LOCK_TIMEOUT_MS = 4000

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
    "RATE_LIMITS_NAMESPACE": "callgate",
    "API_RATE_LIMITS": "120/minute;3000/hour",
    "TRUSTED_PROXIES": 0,
    "TOKEN_BINDING": "off",
    "HOOK_ALLOWED_CIDRS": [],
    # Seconds between writes of the refused hooks counted in memory; 0 writes each at once.
    "REFUSAL_FLUSH_SECONDS": 1,
    "WEBHOOK_ALLOW_CIDRS": [],
    # Alerts by e-mail (alerts/send.py): the SMTP server, STARTTLS unless "none" is chosen.
    "SMTP_HOST": None,
    "SMTP_PORT": 587,
    "SMTP_USER": None,
    "SMTP_PASSWORD": None,
    "SMTP_FROM": "callgate@localhost",
    "SMTP_TLS": "starttls",
    "SMTP_CAFILE": None,
    "TELEGRAM_API": "https://api.telegram.org",
    "WCS_API_URL": None,
    "WCS_API_USER": None,
    "WCS_API_PASSWORD": None,
    # coturn's `static-auth-secret` and the TURN servers the widget is told about (checks.py).
    "TURN_SECRET": None,
    "TURN_URLS": [],
    **server_config.DEFAULTS,
    **work_config.DEFAULTS,
    "CONSOLE_REQUIRE_2FA": False,
    "CONSOLE_IDLE_MINUTES": 60,
    "CONSOLE_SESSION_HOURS": 12,
    # Seconds a console or export statement may run before it is stopped (db/timeouts.py).
    "CONSOLE_STATEMENT_TIMEOUT": 3,
    "CONSOLE_ARGON2_MEMORY_KIB": passwords.DEFAULT_MEMORY_KIB,
    "CONSOLE_ARGON2_TIME_COST": passwords.DEFAULT_TIME_COST,
    **{periods.setting(kind): days for kind, days in periods.DEFAULTS.items()},
    "CONSOLE_SECRET_KEY": None,
    **{key: login_limits.DEFAULTS[kind] for kind, key in login_limits.CONFIG_KEYS.items()},
    "LOGIN_CONCURRENCY": 1,
}
INTS = (
    "DB_LOCK_TIMEOUT_MS",
    "TOKEN_MAX_AGE",
    "TOKEN_CLOCK_SKEW",
    "MAX_CONTENT_LENGTH",
    "VISITOR_IP_PREFIX_V4",
    "VISITOR_IP_PREFIX_V6",
    "TRUSTED_PROXIES",
    "REFUSAL_FLUSH_SECONDS",
    "SMTP_PORT",
    *server_config.INTS,
    "CONSOLE_IDLE_MINUTES",
    "CONSOLE_SESSION_HOURS",
    "CONSOLE_STATEMENT_TIMEOUT",
    "CONSOLE_ARGON2_MEMORY_KIB",
    "CONSOLE_ARGON2_TIME_COST",
    "LOGIN_CONCURRENCY",
)
LISTS = (
    "SECRET_KEY_FALLBACKS",
    "WCS_HOOK_SECRETS",
    "HOOK_ALLOWED_CIDRS",
    "WEBHOOK_ALLOW_CIDRS",
    "ENCRYPTION_KEYS",
    "CALLEE_COUNTRIES",
    "TURN_URLS",
    *server_config.LISTS,
)
# Taken verbatim from the environment: JSON parsing would turn a password like 1e5 into 100000.0.
VERBATIM = (
    "CONSOLE_SECRET_KEY",
    *login_limits.CONFIG_KEYS.values(),
    "WCS_API_URL",
    "API_RATE_LIMITS",
    "WCS_API_USER",
    "WCS_API_PASSWORD",
    "TURN_SECRET",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "SMTP_FROM",
    *server_config.VERBATIM,
)


def load(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config` in order and check it; raise ConfigError on unsafe or bad values."""
    app.config.from_mapping(DEFAULTS)
    path = settings_file.settings_path(app.instance_path)
    settings = settings_file.environment(path)
    settings_file.apply(app.config, settings, VERBATIM)
    if test_config:
        app.config.update(test_config)
    config = app.config
    config["SETTINGS_FILE"] = str(path)
    # Whether the embed tag's base URL was chosen, or is the default that suits only loopback.
    config["PUBLIC_URL_IS_DEFAULT"] = (
        "CALLGATE_PUBLIC_URL" not in settings and "PUBLIC_URL" not in (test_config or {})
    )
    for key in LISTS:
        config[key] = _as_list(key, config[key])
    for key in INTS:
        config[key] = _as_int(key, config[key])
    _secret_key(config, app.testing, path)
    _console(config)
    if not 1 <= config["DB_LOCK_TIMEOUT_MS"] <= MAX_LOCK_TIMEOUT_MS:
        # 0 would be no wait at all on SQLite, and wait forever on PostgreSQL; past WCS's hook
        # timeout, a hook that waits for a lock is given up on before it is refused.
        raise ConfigError(
            f"CALLGATE_DB_LOCK_TIMEOUT_MS must be from 1 to {MAX_LOCK_TIMEOUT_MS} (WCS waits 5 s "
            "for a hook)"
        )
    checks.check_abuse_settings(config)
    work_config.check(config)
    checks.check_encryption_keys(config, app.testing, path)
    server_config.check(config, app.instance_path)
    config["CALLEE_COUNTRIES"] = checks.check_countries(config["CALLEE_COUNTRIES"])
    checks.check_wcs_api_url(config.get("WCS_API_URL"))
    checks.check_public_url(config["PUBLIC_URL"])
    checks.check_turn(config)
    checks.check_smtp(config)
    config["RETENTION"] = periods.from_config(config)
    config["TOKEN_KEYS"] = [*config["SECRET_KEY_FALLBACKS"], config["SECRET_KEY"]]
    if not config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'callgate.sqlite3'}"


def _secret_key(config: dict, testing: bool, path: Path) -> None:
    key = config["SECRET_KEY"]
    if (key is None or not str(key).strip()) and testing:
        key = secrets.token_urlsafe(32)
    if key is None or not str(key).strip():
        raise settings_file.not_set("CALLGATE_SECRET_KEY", path)
    config["SECRET_KEY"] = str(key)


def _console(config: dict) -> None:
    """Check the console's settings; hash new passwords with the configured Argon2id costs."""
    flag = config["CONSOLE_REQUIRE_2FA"]
    if flag not in (True, False, 0, 1, "0", "1", "true", "false"):
        raise ConfigError("CALLGATE_CONSOLE_REQUIRE_2FA must be 1 or 0")
    config["CONSOLE_REQUIRE_2FA"] = flag in (True, 1, "1", "true")
    for key in ("CONSOLE_IDLE_MINUTES", "CONSOLE_SESSION_HOURS", "CONSOLE_ARGON2_TIME_COST"):
        if config[key] < 1:
            raise ConfigError(f"CALLGATE_{key} must be at least 1")
    if not 1 <= config["CONSOLE_STATEMENT_TIMEOUT"] <= 30:
        raise ConfigError("CALLGATE_CONSOLE_STATEMENT_TIMEOUT must be from 1 to 30 (seconds)")
    if config["CONSOLE_ARGON2_MEMORY_KIB"] < 64:
        raise ConfigError("CALLGATE_CONSOLE_ARGON2_MEMORY_KIB must be at least 64")
    passwords.configure(config["CONSOLE_ARGON2_MEMORY_KIB"], config["CONSOLE_ARGON2_TIME_COST"])
    own = config["CONSOLE_SECRET_KEY"]
    if own is not None and (not isinstance(own, str) or len(own) < CONSOLE_KEY_MIN):
        raise ConfigError(
            f"CALLGATE_CONSOLE_SECRET_KEY must be at least {CONSOLE_KEY_MIN} characters"
        )
    if not 1 <= config["LOGIN_CONCURRENCY"] <= 64:
        raise ConfigError("CALLGATE_LOGIN_CONCURRENCY must be from 1 to 64")
    throttle.configure(config["LOGIN_CONCURRENCY"])
    login_limits.check_settings(config)


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


def _as_int(key: str, value: object) -> int | None:
    if value is None and key in server_config.INTS:
        return None
    if isinstance(value, float) and not value.is_integer():
        raise ConfigError(f"CALLGATE_{key} must be a whole number, not {value!r}")
    try:
        number = int(cast(Any, value))
    except (TypeError, ValueError):
        raise ConfigError(f"CALLGATE_{key} must be a whole number, not {value!r}") from None
    if number < 0 or isinstance(value, bool):
        raise ConfigError(f"CALLGATE_{key} must be a whole number >= 0")
    return number
