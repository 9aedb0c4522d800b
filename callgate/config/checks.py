"""Checks of the settings that need more than a type: limits, keys, countries, URLs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from callgate.addresses import parse_networks
from callgate.calltokens.binding import MODES as TOKEN_BINDING_MODES
from callgate.config.settings_file import not_set
from callgate.errors import ConfigError
from callgate.ratelimit import rules
from callgate.vault import fernet

#: A TURN URL (RFC 7065): turn: or turns:, a host name or address, a port, a transport.
TURN_URL = re.compile(
    r"turns?:(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])"
    r"(?::(?P<port>[0-9]{1,5}))?(?:\?transport=(?:udp|tcp))?"
)
#: A shorter shared secret could be guessed from one credential offline.
TURN_SECRET_MIN = 16


def check_abuse_settings(config: dict) -> None:
    """Check token limits, binding, hook sources, and that no Flask-Limiter switch is set."""
    for kind, key in rules.CONFIG_KEYS.items():
        try:
            config[key] = rules.check_limits(kind, config[key], allow_empty=True)
        except rules.LimitError as exc:
            raise ConfigError(f"CALLGATE_{key}: {exc.message}") from None
    if config["TOKEN_BINDING"] not in TOKEN_BINDING_MODES:
        raise ConfigError(f"CALLGATE_TOKEN_BINDING must be one of {', '.join(TOKEN_BINDING_MODES)}")
    for key in ("HOOK_ALLOWED_CIDRS", "WEBHOOK_ALLOW_CIDRS"):
        try:
            parse_networks(config[key])
        except ValueError as exc:
            raise ConfigError(f"CALLGATE_{key}: {exc}") from None
    uri = config["RATELIMIT_STORAGE_URI"]
    if not isinstance(uri, str) or "://" not in uri:
        raise ConfigError("CALLGATE_RATELIMIT_STORAGE_URI must be a URI like callgate+db://")
    # Flask-Limiter's switches (in-memory fallback, ENABLED) would fail open; refuse any such
    # setting rather than let an operator believe it does something.
    foreign = sorted(
        k for k in config if k.startswith("RATELIMIT_") and k != "RATELIMIT_STORAGE_URI"
    )
    if foreign:
        raise ConfigError(f"CALLGATE_{foreign[0]} is not supported; use CALLGATE_RATE_LIMITS_*")


def check_encryption_keys(config: dict, testing: bool, path: Path) -> None:
    """Check the Fernet keys (the first encrypts); tests get a fresh one when none is set."""
    if not config["ENCRYPTION_KEYS"] and testing:
        config["ENCRYPTION_KEYS"] = [fernet.generate_key()]
    if not config["ENCRYPTION_KEYS"]:
        raise not_set("CALLGATE_ENCRYPTION_KEYS", path, " (it decrypts the SIP passwords)")
    try:
        fernet.build(config["ENCRYPTION_KEYS"])
    except fernet.KeyListError as exc:
        raise ConfigError(f"CALLGATE_ENCRYPTION_KEYS: {exc.message}") from None


def check_countries(codes: list[str]) -> list[str]:
    """Return the callee country allowlist upper-cased; each must be a known region code."""
    codes = [code.upper() for code in codes]
    for code in codes:
        if code not in phonenumbers.SUPPORTED_REGIONS:
            raise ConfigError(
                f"CALLGATE_CALLEE_COUNTRIES: {code!r} is not a country code; "
                "use ISO 3166 codes, e.g. RU,DE"
            )
    return codes


def check_public_url(url: object) -> None:
    """Raise ConfigError unless `url` is an http(s) URL with a host (the embed tag's base)."""
    parts = urlsplit(url) if isinstance(url, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "CALLGATE_PUBLIC_URL must be an http:// or https:// URL with a host, like "
            f"https://callgate.example.com, not {url!r}"
        )


def check_wcs_api_url(url: object) -> None:
    """Raise ConfigError unless `url` is empty or an http(s) URL with a host."""
    if url in (None, ""):
        return
    parts = urlsplit(url) if isinstance(url, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "CALLGATE_WCS_API_URL must look like http://wcs-host:8081/rest-api, not " + repr(url)
        )


def check_turn(config: dict) -> None:
    """Check TURN: both the secret and the URLs, or neither; each URL `turn:` or `turns:`.

    An unset secret becomes None. No message names the secret's value.
    """
    urls, secret = config["TURN_URLS"], config["TURN_SECRET"]
    if secret == "":
        secret = config["TURN_SECRET"] = None
    if not urls and secret is None:
        return
    if not urls:
        raise ConfigError("CALLGATE_TURN_SECRET is set but CALLGATE_TURN_URLS is not: set both")
    if secret is None:
        raise ConfigError(
            "CALLGATE_TURN_URLS needs CALLGATE_TURN_SECRET (coturn's static-auth-secret)"
        )
    if not isinstance(secret, str) or len(secret) < TURN_SECRET_MIN or secret != secret.strip():
        raise ConfigError(
            f"CALLGATE_TURN_SECRET must be at least {TURN_SECRET_MIN} characters, without "
            "spaces around it"
        )
    for url in urls:
        match = TURN_URL.fullmatch(url)
        if not match or not 0 < int(match["port"] or 3478) < 65536:
            raise ConfigError(
                f"CALLGATE_TURN_URLS: {url!r} is not a TURN URL; use turn:host[:port] or "
                "turns:host[:port], optionally with ?transport=udp or ?transport=tcp"
            )


def check_smtp(config: dict) -> None:
    """Check the alerts' e-mail settings: STARTTLS (or none, for a relay on this host only when
    a password would be sent), a port, a From address."""
    tls, host = config["SMTP_TLS"], config["SMTP_HOST"]
    if tls not in ("starttls", "none"):
        raise ConfigError("CALLGATE_SMTP_TLS must be starttls or none")
    if not 1 <= config["SMTP_PORT"] <= 65535:
        raise ConfigError("CALLGATE_SMTP_PORT must be a port number, like 587")
    if "@" not in str(config["SMTP_FROM"]) or "\n" in str(config["SMTP_FROM"]):
        raise ConfigError("CALLGATE_SMTP_FROM must be an e-mail address")
    if tls == "none" and config["SMTP_USER"] and host not in ("127.0.0.1", "::1", "localhost"):
        raise ConfigError(
            "CALLGATE_SMTP_TLS=none would send the SMTP password in clear: use it only for a "
            "relay on this host (127.0.0.1)"
        )
