"""Embed: the tag, the CSP lines, and whether a page URL's origin may use the button."""

from __future__ import annotations

import pytest


def test_the_tag_and_csp_lines(as_admin, button):
    html = as_admin.get(f"/console/buttons/{button.id}/embed").get_data(as_text=True)
    src = "&#34;https://calls.example.net/widget.js&#34;"
    tag = f"&lt;script async src={src} data-button=&#34;{button.id}&#34;&gt;&lt;/script&gt;"
    assert tag in html
    assert "script-src https://calls.example.net;" in html
    assert "connect-src https://calls.example.net wss://gw.example.com:8443;" in html
    assert 'data-copy="snippet"' in html


@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://shop.example.com/contact?x=1", "Allowed: https://shop.example.com"),
        ("https://SHOP.example.com:443/", "Allowed: https://shop.example.com"),
        ("https://a.b.example.org/", "Allowed: https://a.b.example.org"),
        ("https://shop.example.com.evil.net/", "Not allowed: https://shop.example.com.evil.net"),
        ("http://shop.example.com/", "Not allowed: http://shop.example.com"),
        ("https://example.org/", "Not allowed: https://example.org"),
        ("not a url", "Write a whole page address"),
        ("javascript:alert(1)", "Write a whole page address"),
    ],
)
def test_the_origin_check(as_admin, button, url, verdict):
    html = as_admin.get(f"/console/buttons/{button.id}/embed", query_string={"url": url})
    assert verdict in html.get_data(as_text=True)
