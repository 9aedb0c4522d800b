"""addresses.py: parsing client addresses, their /24 and /64 networks, CIDR allowlists."""

from __future__ import annotations

import ast
import ipaddress
from pathlib import Path

import pytest

from callgate.addresses import in_networks, masked, network_of, parse_ip, parse_networks

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("::ffff:198.51.100.9", "198.51.100.9"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
    ],
)
def test_parse_ip_normalizes(text, expected):
    assert str(parse_ip(text)) == expected


@pytest.mark.parametrize(
    "text", [None, "", "localhost", "203.0.113", "203.0.113.7:80", "1.2.3.4/24", 42, "1" * 65]
)
def test_parse_ip_rejects_what_is_not_an_address(text):
    assert parse_ip(text) is None


@pytest.mark.parametrize(
    ("text", "network"),
    [
        ("203.0.113.7", "203.0.113.0/24"),
        ("203.0.113.255", "203.0.113.0/24"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ],
)
def test_network_of_uses_24_and_64(text, network):
    assert network_of(parse_ip(text)) == network


def test_network_of_honours_other_prefixes():
    assert network_of(parse_ip("203.0.113.7"), 32, 128) == "203.0.113.7/32"
    assert network_of(parse_ip("2001:db8::1"), 16, 48) == "2001:db8::/48"


def test_parse_networks_accepts_cidrs_and_bare_addresses():
    networks = parse_networks(["10.0.0.0/8", " 192.0.2.5 ", "2001:db8::/32"])
    assert networks == [
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("192.0.2.5/32"),
        ipaddress.ip_network("2001:db8::/32"),
    ]


@pytest.mark.parametrize("bad", ["10.0.0.1/8", "10.0.0.0/33", "wcs.example.com", ""])
def test_parse_networks_names_the_bad_entry(bad):
    with pytest.raises(ValueError, match="is not a CIDR network") as info:
        parse_networks(["10.0.0.0/8", bad])
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize(
    ("address", "inside"),
    [
        ("10.1.2.3", True),
        ("192.0.2.5", True),
        ("192.0.2.6", False),
        ("2001:db8::7", True),
        ("2001:db9::7", False),
        ("::ffff:10.9.9.9", True),
        ("11.0.0.1", False),
    ],
)
def test_in_networks(address, inside):
    networks = parse_networks(["10.0.0.0/8", "192.0.2.5", "2001:db8::/32"])
    assert in_networks(parse_ip(address), networks) is inside


def test_unknown_address_is_never_inside():
    assert in_networks(None, parse_networks(["0.0.0.0/0", "::/0"])) is False


@pytest.mark.parametrize(
    "path",
    [
        "callgate/addresses.py",
        "callgate/ratelimit/rules.py",
        "callgate/ratelimit/storage.py",
        "callgate/calltokens/binding.py",
    ],
)
def test_core_modules_do_not_import_flask(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and not any(
        name.split(".")[0] in {"flask", "flask_limiter"} for name in imported if name
    )


@pytest.mark.parametrize(
    ("address", "v4", "v6", "expected"),
    [
        ("203.0.113.7", 24, 48, "203.0.113.0"),
        ("203.0.113.7", 16, 48, "203.0.0.0"),
        ("203.0.113.7", 32, 48, "203.0.113.7"),
        ("203.0.113.7", 0, 48, "0.0.0.0"),
        ("2001:db8:1:2:3::5", 24, 48, "2001:db8:1::"),
        ("2001:db8:1:2:3::5", 24, 64, "2001:db8:1:2::"),
        ("2001:db8:1:2:3::5", 24, 128, "2001:db8:1:2:3::5"),
    ],
)
def test_masked(address, v4, v6, expected):
    assert masked(ipaddress.ip_address(address), v4, v6) == expected


def test_masked_none_stays_none():
    assert masked(None, 24, 48) is None
