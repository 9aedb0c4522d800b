"""Check a button's callee: an E.164 number of a safe type and country, an extension, a SIP
user name, or a plain `sip:`/`sips:` URI with nothing that could smuggle SIP headers in.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType, geocoder

from callgate.errors import InvalidInput

# Refused unless --allow-special: premium, shared-cost and UAN ranges bill above normal rates
# or share revenue (the toll-fraud targets); voicemail access is the classic dial-through route
# out of a PBX; personal numbers (UK 070) forward anywhere at premium-like rates; a pager cannot
# take a call; UNKNOWN is never a valid number in libphonenumber, so it is refused regardless.
REFUSED_TYPES = {
    PhoneNumberType.PREMIUM_RATE: "premium-rate",
    PhoneNumberType.SHARED_COST: "shared-cost",
    PhoneNumberType.UAN: "UAN (universal access)",
    PhoneNumberType.VOICEMAIL: "voicemail-access",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UNKNOWN: "unknown-type",
}
# +800, +870, +881, +882, +883, +979…: satellite and international networks, IRSF favourites.
NON_GEOGRAPHIC = "001"
NON_GEOGRAPHIC_KIND = "international non-geographic (satellite or international network)"
E164_HINT = "write numbers in E.164, e.g. +74951234567"
MAX_LENGTH = 300
#: More digits than this in a name or extension are a dial string, whatever surrounds them.
MAX_NAME_DIGITS = 6
NANP_HOME = ("US", "CA")

_NUMBER = re.compile(r"\+[0-9 ().-]{1,40}")
_EXTENSION = re.compile(r"[0-9*#]{1,6}")
_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SIP_URI = re.compile(
    r"(?P<scheme>sips?):(?P<user>[^@]+)@(?P<host>[^:]+|\[[^\]]*\])(?::(?P<port>\d{1,5}))?", re.I
)
_URI_UNSAFE = re.compile(r"[\s\"'<>\\]")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")


class CalleeError(InvalidInput):
    """The callee is malformed, a special-rate number, or outside the allowed countries."""

    code = "invalid_button"
    codes = (
        *("callee_empty", "callee_too_long", "callee_looks_like_number", "callee_hides_number"),
        *("callee_form", "callee_not_number", "callee_invalid_number", "callee_special"),
        *("callee_country", "callee_uri_parameters", "callee_sip_headers", "callee_sip_uri"),
    )


@dataclass(frozen=True)
class CalleeRules:
    """What the owner allowed: special number types (`--allow-special`), and which countries."""

    allow_special: bool = False
    countries: tuple[str, ...] = ()


def check_callee(value: object, rules: CalleeRules) -> str:
    """Return the callee, numbers normalized to E.164; raise CalleeError saying what is wrong."""
    if not isinstance(value, str) or not value.strip():
        raise CalleeError("callee must not be empty", code="callee_empty")
    if len(value) > MAX_LENGTH:
        raise CalleeError(
            f"callee is longer than {MAX_LENGTH} characters",
            code="callee_too_long",
            most=MAX_LENGTH,
        )
    if value[:4].lower() == "sip:" or value[:5].lower() == "sips:":
        return _sip_uri(value, rules)
    return _user(value, rules)


def _user(value: str, rules: CalleeRules) -> str:
    if value.startswith("+"):
        return _number(value, rules)
    digits = sum(c.isdigit() for c in value)
    if digits > MAX_NAME_DIGITS and not any(c.isalpha() for c in value):
        raise CalleeError(
            f"callee {value!r} looks like a phone number: {E164_HINT}",
            code="callee_looks_like_number",
            value=value,
        )
    if _EXTENSION.fullmatch(value):
        return value
    if _NAME.fullmatch(value) and digits > MAX_NAME_DIGITS:
        # A PBX dial plan may strip the letters (`a00882…`, `00882…x`) and dial the rest.
        raise CalleeError(
            f"callee {value!r} hides a phone number ({digits} digits among letters); "
            f"a name or extension has at most {MAX_NAME_DIGITS} digits: {E164_HINT}",
            code="callee_hides_number",
            value=value,
            digits=digits,
            most=MAX_NAME_DIGITS,
        )
    if _NAME.fullmatch(value):
        return value
    raise CalleeError(
        f"callee {value!r} must be an E.164 number (+74951234567), an extension of up to 6 "
        "digits, * and #, a SIP user name (letters, digits, . _ -) or sip:user@host[:port]",
        code="callee_form",
        value=value,
    )


def _number(value: str, rules: CalleeRules) -> str:
    if not _NUMBER.fullmatch(value):
        raise _not_a_number(value)
    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException:
        raise _not_a_number(value) from None
    if number.extension or not phonenumbers.is_valid_number(number):
        raise CalleeError(
            f"callee {value!r} is not a valid phone number",
            code="callee_invalid_number",
            value=value,
        )
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    kind = refused_kind(number)
    region = phonenumbers.region_code_for_number(number)
    if kind and not rules.allow_special:
        raise CalleeError(
            f"callee {e164} is a {kind} number, refused against toll fraud; "
            "pass --allow-special if you are sure",
            code="callee_special",
            number=e164,
            kind=kind,
        )
    if rules.countries and region not in rules.countries:
        raise CalleeError(
            f"callee {e164} is in {region or 'no country'}, "
            f"not in CALLGATE_CALLEE_COUNTRIES ({', '.join(rules.countries)})",
            code="callee_country",
            number=e164,
            region=region or "",
            countries=rules.countries,
        )
    return e164


def _not_a_number(value: str) -> CalleeError:
    return CalleeError(
        f"callee {value!r} is not a phone number: {E164_HINT}",
        code="callee_not_number",
        value=value,
    )


def refused_kind(number: phonenumbers.PhoneNumber) -> str | None:
    """Return the special kind a valid number is refused as (premium-rate, …), or None."""
    kind = REFUSED_TYPES.get(phonenumbers.number_type(number))
    if phonenumbers.region_code_for_number(number) == NON_GEOGRAPHIC:
        kind = kind or NON_GEOGRAPHIC_KIND
    return kind


def _sip_uri(value: str, rules: CalleeRules) -> str:
    if ";" in value:
        raise CalleeError(
            f"callee {value!r}: URI parameters (;…) are not allowed",
            code="callee_uri_parameters",
            value=value,
        )
    if "?" in value:
        raise CalleeError(
            f"callee {value!r}: SIP headers (?…) are not allowed",
            code="callee_sip_headers",
            value=value,
        )
    match = None if _URI_UNSAFE.search(value) else _SIP_URI.fullmatch(value)
    port_ok = match is not None and (match["port"] is None or 0 < int(match["port"]) < 65536)
    if not match or not _host_ok(match["host"]) or not port_ok:
        raise CalleeError(
            f"callee {value!r} must be sip:user@host[:port], "
            "without spaces, line breaks, quotes or <>",
            code="callee_sip_uri",
            value=value,
        )
    port = f":{match['port']}" if match["port"] else ""
    return f"{match['scheme'].lower()}:{_user(match['user'], rules)}@{match['host']}{port}"


def _host_ok(host: str) -> bool:
    if host.startswith("["):
        try:
            return ipaddress.ip_address(host[1:-1]).version == 6
        except ValueError:
            return False
    return bool(_HOSTNAME.fullmatch(host)) and len(host) <= 253


def callee_warnings(callee: str, rules: CalleeRules) -> list[str]:
    """Return what the owner should know about an accepted callee (a NANP number abroad)."""
    abroad = nanp_abroad(callee, rules)
    if abroad is None:
        return []
    return [
        f"callee {abroad.number} is in {abroad.country} ({abroad.region}), not the US or Canada: "
        "+1 numbers there are international calls, often billed at premium rates; set "
        "CALLGATE_CALLEE_COUNTRIES=US,CA to refuse them"
    ]


@dataclass(frozen=True)
class NanpAbroad:
    """A +1 callee outside the US and Canada: the number, its region, its country by name."""

    number: str
    region: str
    country: str


def nanp_abroad(callee: str, rules: CalleeRules, language: str = "en") -> NanpAbroad | None:
    """Return the +1 callee's country if it is neither the US nor Canada and no list is set."""
    user = callee.split(":", 1)[1].split("@", 1)[0] if callee[:3].lower() == "sip" else callee
    if not user.startswith("+1") or rules.countries:
        return None
    number = phonenumbers.parse(user, None)
    region = phonenumbers.region_code_for_number(number) or "ZZ"
    if region in NANP_HOME:
        return None
    # The geocoder names countries in English only; the region code makes it plain in any language.
    country = geocoder.country_name_for_number(number, language) or region
    return NanpAbroad(user, region, country)
