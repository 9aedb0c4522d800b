"""The widget script, the SDK bundle and the public button config, as the app serves them."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine

from callgate.buttons.store import update_button
from callgate.buttons.texts import TEXT_KEYS
from callgate.db import get_db
from callgate.widget.assets import BUILD_DIR, SDK_FILE, installed_sdk
from tests.data import BUTTON, ORIGIN, SIP_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "callgate" / "widget" / "src").rglob("*.js"))
BEFORE_INTENT_BUDGET = 3000  # bytes on the wire: the loader plus the lean button config
SATURDAY = "2026-11-28T11:00:00Z"


def served(client, path: str, encoding: str = "identity", origin: str | None = None):
    headers = {"Accept-Encoding": encoding} | ({"Origin": origin} if origin else {})
    with client.get(path, headers=headers) as response:
        response.make_sequence()
    return response


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_what_loads_before_intent_fits_the_byte_budget(client, button, lang):
    loader = served(client, "/widget.js", "gzip, deflate")
    config = served(client, f"/api/v1/buttons/{button.id}?lang={lang}&view=button", "gzip", ORIGIN)
    assert (loader.headers["Content-Encoding"], config.headers["Content-Encoding"]) == ("gzip",) * 2
    total = len(loader.data) + len(config.data)
    print(f"before intent ({lang}): loader {len(loader.data)} B + config {len(config.data)} B")
    assert total <= BEFORE_INTENT_BUDGET


def test_the_served_widget_is_the_build_of_the_sources(client, tmp_path):
    subprocess.run(
        ["node", str(ROOT / "callgate" / "widget" / "build.mjs"), str(tmp_path)], check=True
    )
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    stale = "the widget build is stale: run bin/setup (node widget/build.mjs)"
    assert served(client, "/widget.js").data == (tmp_path / "widget.js").read_bytes(), stale
    panel = served(client, f"/widget/{manifest['panel']}")
    assert panel.status_code == 200, stale
    assert panel.data == (tmp_path / manifest["panel"]).read_bytes()
    gzipped = served(client, "/widget.js", "gzip").data
    assert gzip.decompress(gzipped) == (tmp_path / "widget.js").read_bytes()


def test_the_build_carries_the_sdk_npm_installed(tmp_path):
    npm = ROOT / "node_modules" / "@flashphoner" / "websdk"
    subprocess.run(
        ["node", str(ROOT / "callgate" / "widget" / "build.mjs"), str(tmp_path)], check=True
    )
    sdk = json.loads((tmp_path / "manifest.json").read_text())["sdk"]
    assert sdk["version"] == json.loads((npm / "package.json").read_text())["version"]
    assert (tmp_path / SDK_FILE).read_bytes() == (npm / SDK_FILE).read_bytes()
    assert (
        gzip.decompress((tmp_path / f"{SDK_FILE}.gz").read_bytes()) == (npm / SDK_FILE).read_bytes()
    )


def test_the_sdk_is_served_from_the_build_alone(make_app, tmp_path):
    """A build copied away from the checkout (as a wheel installs it) serves the SDK by itself."""
    build = tmp_path / "site-packages" / "build"
    shutil.copytree(BUILD_DIR, build)
    app = make_app(WIDGET_BUILD_DIR=str(build))
    with app.app_context():
        sdk = installed_sdk()
    assert sdk is not None and sdk.path == build / SDK_FILE
    response = served(app.test_client(), sdk.url_path, "gzip")
    assert (response.status_code, response.headers["Content-Encoding"]) == (200, "gzip")
    assert gzip.decompress(response.data) == (build / SDK_FILE).read_bytes()


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
    for source in SOURCES:
        assert not re.search(pattern, source.read_text()), source


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [("br, gzip", "br"), ("gzip, deflate", "gzip"), ("identity", None), ("br;q=0, gzip", "gzip")],
)
def test_widget_js_is_served_compressed_for_any_page(client, accept, encoding):
    response = served(client, "/widget.js", accept)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=300" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    again = client.get("/widget.js", headers={"Accept-Encoding": accept, "If-None-Match": etag})
    assert again.status_code == 304


def test_the_panel_is_served_immutable_under_its_hash_only(client):
    name = json.loads((BUILD_DIR / "manifest.json").read_text())["panel"]
    assert re.fullmatch(r"panel-[0-9a-f]{12}\.js", name)
    response = served(client, f"/widget/{name}", "gzip")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    for other in ("panel-000000000000.js", "manifest.json", "widget.js.gz", "../assets.py"):
        assert client.get(f"/widget/{other}").status_code == 404


def test_a_missing_build_is_reported_and_answers_404(make_app, tmp_path, caplog):
    app = make_app(WIDGET_BUILD_DIR=str(tmp_path))
    assert "widget not built" in caplog.text
    assert app.test_client().get("/widget.js").status_code == 404


def test_config_for_an_allowed_page(app, client, button):
    response = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {
        *("id", "label", "color", "textColor", "position", "language", "texts", "sdk"),
        *("open", "opensAt", "hours", "timezone", "closedMessage", "fallback", "dtmf", "busy"),
        *("precheck", "callback", "consent", "rating"),
    }
    assert (body["precheck"], body["callback"], body["consent"], body["rating"]) == (
        True,
        False,
        None,
        False,
    )
    assert (body["hours"], body["timezone"], body["busy"]) == ("24/7", "UTC", False)
    assert body["color"] == "#0b6e4f" and body["position"] == "bottom-right"
    assert (body["open"], body["opensAt"], body["fallback"]) == (True, None, None)
    assert body["dtmf"] is False
    assert body["closedMessage"] == body["texts"]["closed"]
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert set(response.headers.getlist("Vary")) == {"Origin", "Accept-Encoding"}
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


@pytest.mark.parametrize("origin", ["", "null", "https://evil.net", "http://shop.example.com"])
def test_config_refuses_other_origins_readably(client, button, origin):
    response = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": origin})
    assert response.status_code == 403
    assert response.get_json()["error"] == "origin_not_allowed"
    assert "label" not in response.get_json()


@pytest.mark.parametrize("view", ["", "&view=button"])
def test_a_direct_visit_without_an_origin_gets_the_public_config(client, button, view):
    response = client.get(f"/api/v1/buttons/{button.id}?lang=en{view}")
    assert response.status_code == 200
    config = response.get_json()
    assert config["open"] is True and config["texts"]["call"] == "Call us"
    # Never stored, so no cached copy of it answers a page later.
    assert response.headers["Cache-Control"] == "no-store"
    assert not {"origins", "callee", "sipLogin", "sip"} & set(config)


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
    shutil.copytree(BUILD_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / SDK_FILE).unlink()
    app = make_app(WIDGET_BUILD_DIR=str(tmp_path))
    assert "npm ci" in caplog.text
    body = app.test_client().get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert body.get_json()["sdk"] is None


def lean_config(client, button_id: str, lang: str = "ru"):
    return client.get(
        f"/api/v1/buttons/{button_id}?lang={lang}&view=button", headers={"Origin": ORIGIN}
    )


def test_the_lean_config_holds_what_the_bare_button_needs(client, button):
    response = lean_config(client, button.id)
    body = response.get_json()
    looks = {"label", "color", "textColor", "position"}
    assert set(body) == looks | {"open", "opensAt", "sdk", "texts"}
    assert body["texts"] == {"call": "Позвонить нам"}
    assert "Позвонить" in response.get_data(as_text=True)  # UTF-8, not \\u escapes


@pytest.mark.parametrize(
    ("message", "closed"),
    [
        (None, "Сейчас мы не работаем. Позвоните, пожалуйста, в рабочее время."),
        ("Ждём в понедельник", "Ждём в понедельник"),
    ],
)
def test_the_lean_config_of_a_closed_button_names_why_and_no_sdk(
    app, client, button, message, closed
):
    with app.app_context():
        update_button(get_db(), button.id, {"holidays": [SATURDAY[:10]], "closed_message": message})
    with time_machine.travel(SATURDAY, tick=False):
        body = lean_config(client, button.id).get_json()
    assert (body["open"], body["opensAt"]) == (False, "2026-11-29T00:00:00+00:00")
    assert "sdk" not in body  # it takes no call: nothing to preload
    assert body["texts"] == {"call": "Позвонить нам", "closed": closed}


def test_a_long_closed_message_is_cut_in_the_lean_config_only(app, client, button):
    long = "Мы откроемся в понедельник в девять утра, позвоните нам тогда. " * 4
    with app.app_context():
        update_button(get_db(), button.id, {"holidays": [SATURDAY[:10]], "closed_message": long})
    with time_machine.travel(SATURDAY, tick=False):
        lean = lean_config(client, button.id)
        full = client.get(f"/api/v1/buttons/{button.id}?lang=ru", headers={"Origin": ORIGIN})
    short = lean.get_json()["texts"]["closed"]
    assert len(short) <= 80 and short.endswith("…") and long.startswith(short[:-1])
    assert full.get_json()["texts"]["closed"] == long.strip()
    loader = served(client, "/widget.js", "gzip")
    with time_machine.travel(SATURDAY, tick=False):
        config = served(client, f"/api/v1/buttons/{button.id}?lang=ru&view=button", "gzip", ORIGIN)
    assert len(loader.data) + len(config.data) <= BEFORE_INTENT_BUDGET


def test_refusal_of_the_lean_config_carries_only_the_bare_texts(client, button):
    response = client.get(
        f"/api/v1/buttons/{button.id}?view=button", headers={"Origin": "https://evil.net"}
    )
    assert response.status_code == 403
    assert set(response.get_json()["texts"]) == {"call", "notallowed"}
