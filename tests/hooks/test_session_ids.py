"""hooks/session_ids.py: the visitor address inside a WCS sessionId."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callgate.addresses import masked
from callgate.hooks.session_ids import for_logs, session_address

SERVER = "/198.51.100.1:8443"


@pytest.mark.parametrize(
    ("session_id", "expected"),
    [
        ("/203.0.113.7:53438" + SERVER, "203.0.113.7"),
        ("/203.0.113.7:53438", "203.0.113.7"),
        ("/0:0:0:0:0:0:0:1:53438" + SERVER, "::1"),
        ("/2001:db8:0:0:0:0:0:1:53438" + SERVER, "2001:db8::1"),
        ("/[2001:db8::1]:5000" + SERVER, "2001:db8::1"),
        ("/fe80:0:0:0:0:0:0:1%eth0:5000" + SERVER, "fe80::1"),
        ("/[::ffff:203.0.113.7]:5000" + SERVER, "203.0.113.7"),
        ("/0:0:0:0:0:ffff:cb00:7107:5000" + SERVER, "203.0.113.7"),
    ],
)
def test_client_ip(session_id, expected):
    assert session_address(session_id) == ipaddress.ip_address(expected)


def test_mapped_address_is_returned_as_ipv4():
    address = session_address("/[::ffff:203.0.113.7]:5000" + SERVER)
    assert isinstance(address, ipaddress.IPv4Address)


@pytest.mark.parametrize(
    "session_id",
    [
        "203.0.113.7:53438" + SERVER,
        "/203.0.113.7" + SERVER,
        "/203.0.113.7:" + SERVER,
        "/203.0.113.7:http" + SERVER,
        "/203.0.113.7:-1" + SERVER,
        "/203.0.113.7: 80" + SERVER,
        "",
        "/",
        "//",
        "/:53438",
        "/notanip:1/x",
        "/203.0.113.999:1/x",
        "/2001:db8::1" + SERVER,
        5,
        None,
        ["/203.0.113.7:53438"],
        b"/203.0.113.7:53438/x",
    ],
)
def test_garbage_gives_none(session_id):
    assert session_address(session_id) is None


def test_mapped_address_truncates_as_ipv4():
    assert masked(session_address("/[::ffff:203.0.113.7]:1" + SERVER), 24, 48) == "203.0.113.0"


@given(st.text())
def test_client_ip_never_raises(text):
    for candidate in (text, "/" + text, f"/{text}:1/x"):
        result = session_address(candidate)
        assert result is None or isinstance(result, ipaddress.IPv4Address | ipaddress.IPv6Address)


@given(st.ip_addresses(), st.integers(0, 65535))
def test_any_java_formatted_address_round_trips(address, port):
    if address.version == 6:
        host = ":".join(f"{int(h, 16):x}" for h in address.exploded.split(":"))
    else:
        host = str(address)
    mapped = getattr(address, "ipv4_mapped", None)
    for text in (f"/{host}:{port}{SERVER}", f"/[{address}]:{port}{SERVER}"):
        if address.version == 4 and text.startswith("/["):
            continue
        assert session_address(text) == (mapped or address)


@pytest.mark.parametrize(
    ("session_id", "logged"),
    [
        ("/203.0.113.7:40001/198.51.100.1:8443", "/203.0.113.0:40001/198.51.100.1:8443"),
        ("/2001:db8:1:2:3:4:5:6:53438/10.0.0.1:8443", "/[2001:db8:1::]:53438/10.0.0.1:8443"),
        ("/203.0.113.7:40001", "/203.0.113.0:40001"),
        ("no-address-here", "no-address-here"),
    ],
)
def test_logs_get_the_visitor_s_network_not_the_address(session_id, logged):
    assert for_logs(session_id, 24, 48) == logged
