"""The button field table is the one definition: every face's table is derived from its rows."""

from __future__ import annotations

import re
from pathlib import Path

from callgate.buttons import changes, public, store, validate
from callgate.buttons.field_row import FORM_KINDS, KINDS, OPTION_KINDS
from callgate.buttons.fields import BY_NAME, FIELDS
from callgate.cli.cmd_button import create_command, update_command
from callgate.console import button_form, preview
from callgate.console.changes import FIELDS as WORDS
from callgate.db.models import Button

ROOT = Path(__file__).resolve().parents[2]
NAMES = [field.name for field in FIELDS]
#: Fields without a CLI option on create/update, each for a reason.
NO_OPTION = {"enabled": "flask button enable|disable switch it"}
#: Fields the editor has no input for: none today.
NO_FORM: dict[str, str] = {}
#: Fields not in the public config: the owner's secrets and settings, and what the server
#: enforces (limits), none of the visitor's business.
NOT_PUBLIC = {
    *("name", "origins", "gateway_url", "app_key", "callee", "sip_login", "sip_auth_name"),
    *("sip_password", "sip_domain", "sip_outbound_proxy", "sip_port", "sip_register"),
    *("enabled", "holidays", "token_limits", "max_concurrent", "max_duration", "daily_calls"),
    *("daily_minutes", "relay_only"),
}


def test_each_field_has_one_row_with_known_kinds():
    assert len(NAMES) == len(set(NAMES)) == len(BY_NAME)
    for field in FIELDS:
        assert field.kind in KINDS, field.name
        assert field.form in (*FORM_KINDS, None), field.name
        assert field.option is None or field.option.kind in OPTION_KINDS, field.name
        assert field.words, field.name


def test_every_field_has_a_cli_option_and_a_form_input_or_is_marked_without():
    assert {f.name for f in FIELDS if f.option is None} == set(NO_OPTION)
    assert {f.name for f in FIELDS if f.form is None} == set(NO_FORM)
    assert {f.name for f in FIELDS if f.public is None} == NOT_PUBLIC


def test_validation_defaults_and_required_fields_are_the_table():
    assert list(validate.CHECKS) == NAMES
    assert all(validate.CHECKS[f.name] is f.check for f in FIELDS)
    assert store.DEFAULTS == {f.name: f.default for f in FIELDS if f.default is not None}
    assert store.REQUIRED == tuple(f.name for f in FIELDS if f.required)
    assert not {name for name in store.REQUIRED if name in store.DEFAULTS}
    assert changes.AUDITED == (*NAMES, "workspace_id")
    assert changes.SECRETS == ("sip_password",)


def test_a_new_buttons_defaults_are_copies():
    made = store.new_values()
    made["schedule"]["mon"].append("21:00-22:00")
    made["texts"]["call"] = "x"
    assert store.new_values() == store.DEFAULTS
    assert store.DEFAULTS["schedule"]["mon"] == ["08:00-20:00"]


def test_the_cli_has_each_fields_option():
    for command in (create_command, update_command):
        flags = {flag for param in command.params for flag in (*param.opts, *param.secondary_opts)}
        for field in FIELDS:
            if field.option is not None:
                assert set(field.option.flag.split("/")) <= flags, field.name
    required = {param.name for param in create_command.params if param.required}
    assert required == {
        (f.option.dest or f.name) for f in FIELDS if f.required and f.option.kind != "stdin"
    }
    assert [param.name for param in update_command.params if param.required] == ["button_id"]


def test_the_console_form_and_preview_read_each_field_by_its_kind():
    read = (
        set(button_form.TEXT_FIELDS)
        | set(button_form.NUMBER_FIELDS)
        | set(button_form.FLAGS)
        | set(button_form.READERS)
        | {"sip_password"}
    )
    assert read == set(NAMES) - set(NO_FORM)
    assert button_form.REQUIRED + ("sip_password",) == store.REQUIRED
    assert button_form.DEFAULTED == {
        "app_key": "callgate",
        "color": "#0b6e4f",
        "text_color": "#ffffff",
    }
    assert preview.FLAGS == ("dtmf", "precheck", "callback", "rating")
    assert {f.name for f in preview.PREVIEWED} == set(public.PUBLIC) | set(public.OPENING)
    assert all(WORDS[name] == BY_NAME[name].words for name in NAMES)


def test_the_public_config_shows_the_public_fields_under_their_keys():
    keys = set(public.PUBLIC.values())
    assert keys == {
        *("label", "color", "textColor", "position", "language", "texts", "dtmf", "timezone"),
        *("hours", "closedMessage", "fallback", "precheck", "callback", "consent", "rating"),
    }


def test_every_field_is_a_column_whose_default_is_the_tables():
    columns = Button.__table__.columns
    for field in FIELDS:
        assert field.name in columns, field.name
        assert columns[field.name].default is None, f"{field.name}: its default is in the table"


def test_the_default_colour_port_and_hours_are_written_once():
    product = [path for path in (ROOT / "callgate").rglob("*.py") if "migrations" not in path.parts]
    for said in ('"#0b6e4f"', r"\b5060\b", '"08:00-20:00"'):
        found = [p.name for p in product if re.search(said, p.read_text(encoding="utf-8"))]
        assert len(found) == 1, (said, found)
