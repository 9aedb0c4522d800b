"""Parse, normalize and match web origins: the (scheme, host, port) rules of the token endpoint.

Browsers serialize `Origin` as lowercase ASCII with the default port left out, so both the
allowlist and the request are brought to that form and compared as tuples, never as strings.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import idna

from callgate.errors import InvalidInput, Refused

DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


class OriginNotAllowed(Refused):
    """The page's origin is missing, malformed or not on the button's allowlist: one refusal,
    with one code, on every endpoint that checks it (the config, tokens, callbacks, connect)."""

    code = "origin_not_allowed"


class OriginError(InvalidInput):
    """The text is not a usable `scheme://host[:port]` origin."""

    code = "bad_origin"
    codes = (
        *("origin_missing", "origin_control", "origin_unparsable", "origin_scheme"),
        *("origin_path", "origin_fragment", "origin_port_zero", "origin_no_host"),
        *("origin_trailing_dot", "origin_bad_host", "origin_bad_ip"),
        *("wildcard_form", "wildcard_short"),
    )


@dataclass(frozen=True)
class Origin:
    """A normalized origin; `port` is None when it is the scheme's default."""

    scheme: str
    host: str
    port: int | None
    wildcard: bool = False

    def __str__(self) -> str:
        host = f"*.{self.host}" if self.wildcard else self.host
        return f"{self.scheme}://{host}" + (f":{self.port}" if self.port else "")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# A pure function of its text, asked the same few origins on every request: IDNA is not cheap.
@lru_cache(maxsize=4096)
def parse_origin(text: str | None, *, allow_wildcard: bool = False) -> Origin:
    """Normalize `scheme://host[:port]`; raise OriginError for anything else.

    `null`, userinfo, paths, queries, fragments, trailing dots and non-http(s) schemes are
    refused. With `allow_wildcard`, a host written `*.example.com` yields `wildcard=True`.
    """
    if not text or text.strip() != text or text == "null":
        raise OriginError("origin is missing or null", code="origin_missing", value=text)
    if _CONTROL.search(text):
        # urlsplit drops tabs and line breaks, so "https://\nshop.example.com" would pass.
        raise OriginError(
            "origin must not contain control characters", code="origin_control", value=text
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise OriginError(
            f"origin {text!r} is not scheme://host[:port]", code="origin_unparsable", value=text
        ) from exc
    if parts.scheme not in DEFAULT_PORTS or not parts.netloc:
        raise OriginError(
            f"origin {text!r} must start with http:// or https://",
            code="origin_scheme",
            value=text,
        )
    if parts.path or parts.query or parts.fragment or "@" in parts.netloc or "?" in text:
        raise OriginError(
            f"origin {text!r} must not have a path, query or user part",
            code="origin_path",
            value=text,
        )
    if "#" in text:
        raise OriginError(
            f"origin {text!r} must not have a fragment", code="origin_fragment", value=text
        )
    host, wildcard = _split_wildcard(parts.netloc, parts.hostname or "", allow_wildcard, text)
    host = _normalize_host(host, text)
    if port == DEFAULT_PORTS[parts.scheme]:
        port = None
    if port == 0:
        raise OriginError(f"origin {text!r} has port 0", code="origin_port_zero", value=text)
    return Origin(parts.scheme, host, port, wildcard)


def _split_wildcard(netloc: str, hostname: str, allowed: bool, text: str) -> tuple[str, bool]:
    if "*" not in netloc:
        return hostname, False
    if not allowed or not hostname.startswith("*.") or "*" in hostname[2:]:
        raise OriginError(
            "a wildcard is only allowed as https://*.example.com", code="wildcard_form", value=text
        )
    rest = hostname[2:]
    if rest.count(".") < 1:
        raise OriginError(
            "a wildcard needs at least two labels after '*.'", code="wildcard_short", value=text
        )
    return rest, True


def _normalize_host(host: str, text: str) -> str:
    if not host:
        raise OriginError(f"origin {text!r} has no host", code="origin_no_host", value=text)
    if host.startswith("[") or ":" in host:
        return _ip_host(host.strip("[]"), text, v6=True)
    if host.endswith("."):
        raise OriginError(
            f"origin {text!r} ends with a dot", code="origin_trailing_dot", value=text
        )
    if re.fullmatch(r"[0-9.]+", host):
        return _ip_host(host, text, v6=False)
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise _bad_host(text) from exc
    if not all(_LABEL.match(label) for label in ascii_host.split(".")):
        raise _bad_host(text)
    if re.fullmatch(r"[0-9.]+", ascii_host):
        # IDNA maps other Unicode digits to ASCII ones: check the result as an address too.
        return _ip_host(ascii_host, text, v6=False)
    return ascii_host


def _ip_host(host: str, text: str, *, v6: bool) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError as exc:
        raise _bad_ip(text) from exc
    if address.version == 6 and not v6:
        raise _bad_ip(text)
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def _bad_host(text: str) -> OriginError:
    return OriginError(
        f"origin {text!r} has an invalid host name", code="origin_bad_host", value=text
    )


def _bad_ip(text: str) -> OriginError:
    return OriginError(
        f"origin {text!r} has an invalid IP address", code="origin_bad_ip", value=text
    )


def matches(origin: Origin, allowed: Origin) -> bool:
    """Tell whether a request origin equals an allowlist entry (wildcards on whole labels)."""
    if (origin.scheme, origin.port) != (allowed.scheme, allowed.port):
        return False
    if allowed.wildcard:
        return origin.host.endswith("." + allowed.host) and not origin.host.startswith("[")
    return origin.host == allowed.host


def is_allowed(origin: Origin, allowlist: list[str]) -> bool:
    """Tell whether `origin` matches any stored (already normalized) allowlist entry."""
    return any(matches(origin, parse_origin(e, allow_wildcard=True)) for e in allowlist)
