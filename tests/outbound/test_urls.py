"""Webhook URLs: https to public addresses only, unless the operator allowed a network."""

from __future__ import annotations

import pytest

from callgate.addresses import parse_networks
from callgate.outbound.urls import UnsafeUrl, check

PUBLIC = "93.184.215.14"
#: What each made-up host name resolves to.
DNS = {
    "hooks.example.com": [PUBLIC],
    "inside.example.com": ["10.0.0.5"],
    "mixed.example.com": [PUBLIC, "127.0.0.1"],
    "v6local.example.com": ["fe80::1"],
    "mapped.example.com": ["::ffff:127.0.0.1"],
    "meta.example.com": ["169.254.169.254"],
    "nowhere.example.com": [],
}


def fake_dns(host: str, port: int) -> list[str]:
    if host in DNS:
        return DNS[host]
    return [host.strip("[]")]  # a literal address resolves to itself


HOSTILE = [
    ("http://hooks.example.com/x", "plain http to a public address"),
    ("https://127.0.0.1/x", "loopback"),
    ("https://localhost.localdomain/x", "a name that is not in DNS here"),
    ("https://[::1]/x", "IPv6 loopback"),
    ("https://10.1.2.3/x", "private"),
    ("https://192.168.0.1:8443/x", "private with a port"),
    ("https://172.16.0.1/x", "private"),
    ("https://100.64.0.1/x", "carrier-grade NAT"),
    ("https://169.254.169.254/latest/meta-data", "cloud metadata (link-local)"),
    ("https://meta.example.com/", "a name for the metadata address"),
    ("https://0.0.0.0/x", "unspecified"),
    ("https://224.0.0.1/x", "multicast"),
    ("https://inside.example.com/x", "a name for a private address"),
    ("https://mixed.example.com/x", "one of several addresses is loopback"),
    ("https://v6local.example.com/x", "IPv6 link-local"),
    ("https://mapped.example.com/x", "IPv4-mapped loopback"),
    ("https://[::ffff:10.0.0.1]/x", "IPv4-mapped private literal"),
    ("https://[fc00::1]/x", "IPv6 unique local"),
    ("https://user:pw@hooks.example.com/x", "credentials in the URL"),
    ("ftp://hooks.example.com/x", "another scheme"),
    ("file:///etc/passwd", "a file"),
    ("gopher://127.0.0.1:6379/_INFO", "gopher to Redis"),
    ("https://hooks.example.com:99999/x", "a port out of range"),
    ("https://hooks.example.com/a b", "a space"),
    ("https://hooks.example.com/\r\nX-Evil: 1", "header injection"),
    ("https:///x", "no host"),
    ("https://nowhere.example.com/x", "no address"),
    ("", "empty"),
    (None, "not text"),
]


@pytest.mark.parametrize(("url", "why"), HOSTILE)
def test_hostile_urls_are_refused(url, why):
    with pytest.raises(UnsafeUrl):
        check(url, [], fake_dns)


def test_a_public_https_url_is_taken_with_the_addresses_to_connect_to():
    target = check("https://hooks.example.com:8443/in?x=1", [], fake_dns)
    assert (target.host, target.port, target.path) == ("hooks.example.com", 8443, "/in?x=1")
    assert target.addresses == (PUBLIC,)


def test_allowed_networks_may_be_private_and_plain_http():
    allowed = parse_networks(["10.0.0.0/8", "127.0.0.1"])
    assert check("http://inside.example.com/x", allowed, fake_dns).addresses == ("10.0.0.5",)
    assert check("http://127.0.0.1:9000/x", allowed, fake_dns).port == 9000
    with pytest.raises(UnsafeUrl):
        check("https://192.168.0.1/x", allowed, fake_dns)
    with pytest.raises(UnsafeUrl):
        check("http://hooks.example.com/x", allowed, fake_dns)
