"""Every answer of every URL the app serves, errors included, carries its safety headers.

JSON: `X-Content-Type-Options: nosniff` and a `Cache-Control` (no-store unless the view chose
a cache life). HTML: a CSP with `frame-ancestors`. The URLs are read from the app's URL map,
so a new route is checked without being listed here.
"""

from __future__ import annotations

import json

import pytest

from tests.data import ORIGIN
from tests.wcs import session_id

VALUES = {"button_id": "nosuchbutton", "method": "connect", "rest": "x/y", "version": "0.0.0"}
VALUES["filename"] = "site.css"
VALUES |= {
    "call_id": "nosuchcall",
    "event_id": "1",
    "request_id": "1",
    "name": "panel",
    "secret": "nope",
}
VALUES["user_id"] = "1"
VALUES["link_id"] = "1"
VALUES["key_id"] = "1"
VALUES["route_id"] = "nosuchroute"
VALUES["endpoint_id"] = "1"
VALUES["channel_id"] = "1"
VALUES["delivery_id"] = "1"


def requests(app) -> list[tuple[str, str]]:
    """Every (method, path) the URL map serves, with sample values for its variables."""
    made = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", VALUES[name]).replace(f"<path:{name}>", VALUES[name])
        made |= {(method, path) for method in rule.methods or () if method != "HEAD"}
    return sorted(made)


def check(response, name: str) -> None:
    assert response.headers.get("X-Content-Type-Options") == "nosniff", name
    if response.mimetype == "application/json":
        assert response.headers.get("Cache-Control"), name
    if response.mimetype == "text/html":
        policy = response.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy, name


def test_every_url_and_method(app, client, button):
    for method, path in requests(app):
        with client.open(path, method=method, headers={"Origin": ORIGIN}) as response:
            check(response, f"{method} {path} -> {response.status_code}")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/buttons/{id}/token", "/hooks/wcs/connect", "/hooks/wcs/transfer", "/nowhere"],
)
def test_answers_that_carry_secrets_or_refusals_are_never_cached(
    client, button, wcs, get_token, path
):
    path = path.format(id=button.id)
    if path.startswith("/hooks"):
        body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, session_id())
        response = wcs.post(path.rsplit("/", 1)[1], body)
    else:
        response = client.post(path, headers={"Origin": ORIGIN})
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    json.loads(response.get_data(as_text=True))


def test_an_answer_too_large_is_json_with_its_headers(client):
    response = client.post("/hooks/wcs/connect", data=b"x" * 70000)
    assert response.status_code == 413
    check(response, "413")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_public_button_config_keeps_its_short_cache(client, button):
    response = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert response.headers["Cache-Control"] == "private, max-age=60"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_html_page_without_a_policy_of_its_own_gets_the_strict_one(app):
    @app.get("/__bare_html")
    def bare() -> tuple[str, int, dict]:
        return "<p>hi</p>", 200, {"Content-Type": "text/html"}

    response = app.test_client().get("/__bare_html")
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
