"""The origin a refused page claimed is kept normalized, or cut and printable."""

from __future__ import annotations

import pytest

from callgate.widget.claimed_origins import SHORT, claimed_origin


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("HTTPS://Shop.Example.COM:443", "https://shop.example.com"),
        ("http://[2001:DB8::1]:8080", "http://[2001:db8::1]:8080"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),
        (None, None),
        ("", None),
        ("null", "null"),
        ("https://shop.example.com/path", "https://shop.example.com/path"),
        ('https://"><img src=x onerror=alert(1)>', 'https://"><img src=x onerror=alert(1)>'),
        ("https://a.example\x00\x1b[31m", "https://a.example\\x00\\x1b[31m"),
        ("https://a.example\x7f\x85", "https://a.example\\x7f\\x85"),
        ("https://" + "a" * 300, "https://" + "a" * (SHORT - 8) + "…"),
        ("\n" * 500, "\\x0a" * (SHORT // 4) + "…"),
        ("\x01" * (SHORT // 4), "\\x01" * (SHORT // 4)),
    ],
)
def test_what_is_kept_of_a_claimed_origin(sent, kept):
    assert claimed_origin(sent) == kept
