"""The widget script, the SDK bundle and the public button config, as the app serves them."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re

import pytest

from buttons.store import update_button
from buttons.texts import TEXT_KEYS
from db import get_db
from tests.data import BUTTON, ORIGIN, SIP_PASSWORD
from widget.assets import WIDGET_JS

WIDGET_BUDGET = 6656  # 6.5 KiB: the call button plus its preview mode


def test_widget_fits_the_byte_budget():
    size = len(gzip.compress(WIDGET_JS.read_bytes(), compresslevel=9))
    print(f"widget.js: {WIDGET_JS.stat().st_size} B raw, {size} B gzipped")
    assert size <= WIDGET_BUDGET


@pytest.mark.parametrize(
    "pattern",
    [
        r"\.innerHTML\b",
        r"\beval\(",
        r"new Function\(",
        r"\.outerHTML\b",
        r"document\.write",
        r"localStorage",
    ],
)
def test_widget_avoids_unsafe_apis(pattern):
    assert not re.search(pattern, WIDGET_JS.read_text())


def test_widget_js_is_served_for_any_page(client):
    with client.get("/widget.js") as response:
        response.make_sequence()
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=300" in response.headers["Cache-Control"]
    assert response.data == WIDGET_JS.read_bytes()


def test_config_for_an_allowed_page(app, client, button):
    response = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {
        "id",
        "label",
        "color",
        "textColor",
        "position",
        "language",
        "texts",
        "sdk",
        "open",
        "opensAt",
        "closedMessage",
        "fallback",
        "dtmf",
    }
    assert body["color"] == "#0b6e4f" and body["position"] == "bottom-right"
    assert (body["open"], body["opensAt"], body["fallback"]) == (True, None, None)
    assert body["dtmf"] is False
    assert body["closedMessage"] == body["texts"]["closed"]
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert response.headers["Vary"] == "Origin"
    for secret in (SIP_PASSWORD, BUTTON["sip_login"], BUTTON["callee"], "shop.example.com/"):
        assert secret not in response.text
    assert "origins" not in response.text


def test_sdk_is_served_versioned_with_matching_integrity(client, button):
    sdk = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN}).get_json()["sdk"]
    assert re.fullmatch(r"/sdk/\d+\.\d+\.\d+/flashphoner-webrtc-only\.min\.js", sdk["path"])
    with client.get(sdk["path"]) as response:
        response.make_sequence()
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    digest = base64.b64encode(hashlib.sha384(response.data).digest()).decode()
    assert sdk["integrity"] == "sha384-" + digest
    assert client.get("/sdk/0.0.1/flashphoner-webrtc-only.min.js").status_code == 404


@pytest.mark.parametrize("origin", [None, "null", "https://evil.net", "http://shop.example.com"])
def test_config_refuses_other_origins_readably(client, button, origin):
    headers = {"Origin": origin} if origin else {}
    response = client.get(f"/api/v1/buttons/{button.id}", headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"] == "origin_not_allowed"
    assert "label" not in response.get_json()


def test_config_of_unknown_or_disabled_button_is_404(app, client, button):
    assert client.get("/api/v1/buttons/nope", headers={"Origin": ORIGIN}).status_code == 404
    with app.app_context():
        update_button(get_db(), button.id, {"enabled": False})
    assert client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN}).status_code == 404


def test_config_shows_owner_appearance(app, client, button):
    with app.app_context():
        update_button(
            get_db(),
            button.id,
            {
                "label": "Позвонить",
                "color": "#AA0000",
                "language": "ru",
                "texts": {"busy": "Занято"},
            },
        )
    body = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN}).get_json()
    assert (body["label"], body["color"], body["language"]) == ("Позвонить", "#aa0000", "ru")
    assert body["texts"]["busy"] == "Занято"
    assert body["texts"]["call"] == "Позвонить нам"


@pytest.mark.parametrize(
    ("configured", "asked", "language", "call"),
    [
        ("auto", "ru-RU", "ru", "Позвонить нам"),
        ("auto", "de-DE", "en", "Call us"),
        ("auto", None, "en", "Call us"),
        ("en", "ru", "en", "Call us"),
        ("ru", "en", "ru", "Позвонить нам"),
    ],
)
def test_texts_follow_button_language_then_page(
    app, client, button, configured, asked, language, call
):
    with app.app_context():
        update_button(get_db(), button.id, {"language": configured})
    query = f"?lang={asked}" if asked else ""
    body = client.get(f"/api/v1/buttons/{button.id}{query}", headers={"Origin": ORIGIN}).get_json()
    assert (body["language"], body["texts"]["call"]) == (language, call)
    assert set(body["texts"]) == set(TEXT_KEYS)


def test_missing_sdk_is_reported_not_fatal(make_app, tmp_path, caplog, button):
    app = make_app(SDK_DIR=str(tmp_path))
    assert "npm ci" in caplog.text
    body = app.test_client().get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert body.get_json()["sdk"] is None
