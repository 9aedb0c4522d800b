"""The editor's form as browsers send it: textarea line breaks, and a new button's defaults."""

from __future__ import annotations

import json
import re

import pytest

from callgate.buttons.store import get_button, list_buttons
from callgate.buttons.validate import CHECKS
from callgate.db import get_db
from callgate.vault.stored import reveal, vault_of
from tests.console.helpers import post
from tests.console.html_forms import untouched
from tests.console.test_buttons import GOOD, field_error
from tests.data import SIP_PASSWORD

#: What the owner must type into a new button's form; the rest is left as the form shows it.
TYPED = {
    "name": "Front desk",
    "origins": "https://www.example.com",
    "callee": "7001",
    "gateway_url": "wss://wcs.example.com:8443",
    "sip_login": "front",
    "sip_password": "front-desk-secret",
}
#: The same with `flask button create` and no other option.
CLI = [
    *("button", "create", "--name", "Front desk", "--origin", "https://www.example.com"),
    *("--callee", "7001", "--gateway-url", "wss://wcs.example.com:8443", "--sip-login", "front"),
    *("--sip-password-stdin", "--json"),
]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("We record calls.\r\nFor training.", "We record calls.\nFor training."),
        ("One\r\n\r\nTwo\rThree", "One\n\nTwo\nThree"),
        ("  Spaced\r\n", "Spaced"),
    ],
)
def test_textarea_line_breaks_sent_as_cr_lf_are_kept_as_lf(app, as_admin, typed, stored):
    response = post(as_admin, "/console/buttons/new", GOOD | {"consent_text": typed})
    assert response.status_code == 302, field_error(response.get_data(as_text=True), "consent_text")
    with app.app_context():
        [button] = list_buttons(get_db())
        assert button.consent_text == stored


@pytest.mark.parametrize("bad", ["Bell\x07\r\nrings", "Tab\tstop", "Escape\x1b", "Nul\x00"])
def test_other_control_characters_in_the_notice_are_still_refused(app, as_admin, bad):
    response = post(as_admin, "/console/buttons/new", GOOD | {"consent_text": bad})
    assert response.status_code == 400
    said = field_error(response.get_data(as_text=True), "consent_text")
    assert "no other control characters" in said
    with app.app_context():
        assert list_buttons(get_db()) == []


def test_the_preview_shows_a_cr_lf_notice_with_its_line_breaks(as_admin):
    html = as_admin.get(
        "/console/preview", query_string={"consent_text": "One\r\nTwo", "preview_state": "idle"}
    ).get_data(as_text=True)
    assert '"consent": "One\\nTwo"' in html


def test_the_cli_keeps_cr_lf_line_breaks_as_lf(runner, button):
    notice = "We record calls.\r\nFor training.\rThanks."
    result = runner.invoke(args=["button", "update", button.id, "--consent-text", notice, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["visitor"]["consentText"] == (
        "We record calls.\nFor training.\nThanks."
    )


def test_a_new_buttons_form_shows_the_defaults_every_face_stores(as_admin):
    form = untouched(as_admin.get("/console/buttons/new").get_data(as_text=True), "editor")
    assert form["precheck"] == "on"
    assert "callback" not in form and "rating" not in form and "dtmf" not in form
    assert (form["max_concurrent"], form["max_duration"], form["daily_calls"]) == (
        "2",
        "15m",
        "100",
    )
    assert (form["hours"], form["timezone"], form["sip_port"]) == (
        "mon-fri 08:00-20:00",
        "UTC",
        "5060",
    )


def test_the_untouched_form_makes_the_same_button_as_the_cli_without_options(app, as_admin, runner):
    form = untouched(as_admin.get("/console/buttons/new").get_data(as_text=True), "editor")
    assert post(as_admin, "/console/buttons/new", form | TYPED).status_code == 302
    made = runner.invoke(args=CLI, input="front-desk-secret\n")
    assert made.exit_code == 0, made.output
    with app.app_context():
        db = get_db()
        console_made, cli_made = list_buttons(db)
        assert cli_made.id == json.loads(made.output)["id"]
        fields = [name for name in CHECKS if name != "sip_password"] + ["workspace_id"]
        differ = {
            name: (getattr(console_made, name), getattr(cli_made, name))
            for name in fields
            if getattr(console_made, name) != getattr(cli_made, name)
        }
        assert differ == {}
        vault = vault_of(db)
        assert reveal(vault, get_button(db, console_made.id)) == reveal(vault, cli_made)


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("max_concurrent", "-3", "Give a whole number from 1 to 100."),
        ("daily_calls", "-3", "Give a whole number from 1 to 100000."),
        ("daily_minutes", "0", "Give a whole number from 1 to 144000."),
        ("sip_port", "-3", "The port must be from 1 to 65535."),
        ("max_concurrent", "two", "“two” is not a whole number: give one from 1 to 100."),
        ("sip_port", "50 60", "“50 60” is not a whole number: give one from 1 to 65535."),
    ],
)
def test_a_bad_number_is_told_the_range_it_must_be_in(app, as_admin, field, typed, said):
    response = post(as_admin, "/console/buttons/new", GOOD | {field: typed})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field) == said


def password_field(html: str) -> str:
    return re.search(r'<input id="f-sip_password"[^>]*>', html).group(0)


def test_a_typed_password_survives_a_failed_save_and_the_next_try_saves(app, as_admin):
    bad = GOOD | {"callee": "+1 900 555 0123", "sip_password": "typed-once"}
    html = post(as_admin, "/console/buttons/new", bad).get_data(as_text=True)
    assert 'value="typed-once"' in password_field(html)
    again = untouched(html, "editor") | {"callee": "7001"}
    assert post(as_admin, "/console/buttons/new", again).status_code == 302
    with app.app_context():
        [button] = list_buttons(get_db())
        assert reveal(vault_of(get_db()), button) == "typed-once"


def test_a_stored_password_is_never_put_in_the_form(as_admin, button):
    form = f"/console/buttons/{button.id}"
    html = post(as_admin, form, GOOD | {"callee": "+1 900 555 0123", "sip_password": ""})
    assert "value=" not in password_field(html.get_data(as_text=True))
    assert SIP_PASSWORD not in html.get_data(as_text=True)
    assert "value=" not in password_field(as_admin.get(form).get_data(as_text=True))


def test_a_refused_password_is_not_kept(as_admin):
    html = post(as_admin, "/console/buttons/new", GOOD | {"sip_password": "bell\x07"})
    assert "value=" not in password_field(html.get_data(as_text=True))
