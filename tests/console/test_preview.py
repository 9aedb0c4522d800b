"""The preview page: the unsaved values through the same checks into the widget's preview JSON."""

from __future__ import annotations

import json
import re

import pytest
import time_machine

from tests.console.helpers import log_in


def preview(client, **args) -> tuple[dict, object]:
    response = client.get("/console/preview", query_string=args)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    raw = re.search(
        r'<script type="application/json" id="callgate-preview">(.*?)</script>', html, re.S
    )
    return json.loads(raw.group(1)), response


def test_the_page_loads_the_real_widget_in_preview_mode(as_admin, app):
    _config, response = preview(as_admin)
    html = response.get_data(as_text=True)
    tag = 'src="https://calls.example.net/widget.js" data-button="preview" data-preview='
    assert tag in html


def test_the_config_has_the_public_shape_and_the_typed_values(as_admin):
    config, _response = preview(
        as_admin,
        label="Ring us",
        color="#FF0000",
        text_color="#000000",
        position="bottom-left",
        language="auto",
        text_hangup="Bye",
        dtmf="on",
        preview_lang="ru",
        preview_state="incall",
        hours="24/7",
    )
    assert {"id", "label", "color", "textColor", "position", "language", "texts", "open"} <= set(
        config
    )
    assert {"opensAt", "closedMessage", "fallback", "dtmf", "sdk", "previewState"} <= set(config)
    assert (config["label"], config["color"], config["textColor"]) == (
        "Ring us",
        "#ff0000",
        "#000000",
    )
    assert (config["language"], config["texts"]["call"]) == ("ru", "Позвонить нам")
    assert config["texts"]["hangup"] == "Bye"
    assert (config["dtmf"], config["previewState"], config["open"]) == (True, "incall", True)
    assert config["sdk"] is None


@pytest.mark.parametrize(
    ("args", "key", "expected"),
    [
        ({"color": "red"}, "color", "#0b6e4f"),
        ({"position": "top"}, "position", "bottom-right"),
        ({"label": "x" * 61}, "label", None),
        ({"preview_state": "hacked"}, "previewState", "idle"),
    ],
)
def test_a_bad_value_keeps_its_default(as_admin, args, key, expected):
    config, _response = preview(as_admin, hours="24/7", **args)
    assert config[key] == expected


def test_closed_hours_draw_the_closed_state(client, admin):
    with time_machine.travel("2026-11-29 12:00Z", tick=False):  # a Sunday
        log_in(client, admin)
        config, _response = preview(
            client,
            hours="mon-fri 09:00-18:00",
            closed_message="Back Monday",
            fallback="tel:+74951234567",
        )
    assert (config["open"], config["previewState"]) == (False, "closed")
    assert config["closedMessage"] == "Back Monday"
    assert config["opensAt"].startswith("2026-11-30T09:00")
    assert config["fallback"] == "tel:+74951234567"


def test_hostile_texts_cannot_break_out_of_the_json(as_admin):
    config, response = preview(as_admin, label="</script><script>alert(1)</script>")
    assert "</script><script>" not in response.get_data(as_text=True)
    assert config["label"] == "</script><script>alert(1)</script>"


def test_the_preview_may_connect_nowhere_and_only_the_console_may_frame_it(as_admin):
    _config, response = preview(as_admin)
    csp = response.headers["Content-Security-Policy"]
    assert "connect-src 'none'" in csp
    assert "script-src https://calls.example.net" in csp
    assert "frame-ancestors 'self'" in csp


def test_the_preview_needs_a_session(client):
    assert client.get("/console/preview").status_code == 302


def test_the_editor_frames_it_sandboxed_without_same_origin(as_admin, button):
    html = as_admin.get(f"/console/buttons/{button.id}").get_data(as_text=True)
    assert 'sandbox="allow-scripts"' in html
    assert "allow-same-origin" not in html


def test_the_preview_starts_in_the_console_language(as_admin, button):
    html = as_admin.get(f"/console/buttons/{button.id}", headers={"Accept-Language": "ru"})
    text = html.get_data(as_text=True)
    assert "preview_lang=ru" in text
    assert 'data-preview-lang="ru" aria-pressed="true"' in text


def test_the_visitor_options_reach_the_widget(as_admin):
    config, _response = preview(
        as_admin, hours="24/7", callback="on", rating="on", consent_text="We record calls."
    )
    assert (config["callback"], config["rating"], config["precheck"]) == (True, True, False)
    assert (config["consent"], config["hours"], config["busy"]) == (
        "We record calls.",
        "24/7",
        False,
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "<strong>Text on the button</strong>: This is too long: at most 60 characters."),
        ("ru", "<strong>Надпись на кнопке</strong>: Слишком длинно: не больше 60 символов."),
    ],
)
def test_a_value_the_preview_cannot_draw_is_said_not_silently_replaced(as_admin, lang, said):
    as_admin.set_cookie("callgate_console_lang", lang)
    config, response = preview(as_admin, hours="24/7", label="x" * 61, color="#123456")
    html = response.get_data(as_text=True)
    errors = re.search(r'<div class="preview-errors" role="alert">(.*?)</div>', html, re.S)
    assert errors and said in errors.group(1)
    assert "Colour" not in errors.group(1) and "Цвет" not in errors.group(1)
    assert config["label"] is None


def test_a_preview_of_good_values_says_nothing_more(as_admin):
    _config, response = preview(as_admin, hours="24/7", label="Ring us")
    assert "preview-errors" not in response.get_data(as_text=True)
