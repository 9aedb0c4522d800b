"""The installation's own page at `/`: what it is, the tag with this server's URL, the console."""

from __future__ import annotations

import html


def test_the_page_shows_the_tag_with_this_installation_s_url(make_app):
    app = make_app(PUBLIC_URL="https://calls.example.com/")
    response = app.test_client().get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = html.unescape(response.get_data(as_text=True))
    assert (
        '<script async src="https://calls.example.com/widget.js" data-button="BUTTON_ID">' in page
    )
    assert 'href="/console/"' in page
    assert "POST /hooks/wcs/<method>" in page


def test_the_page_runs_no_script_and_is_never_framed(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "<script" not in response.get_data(as_text=True).replace("&lt;script", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
