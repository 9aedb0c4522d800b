"""buttons/store.py: new buttons get the defaults; missing fields are named; secrets stay."""

from __future__ import annotations

import pytest

from callgate.buttons.store import DEFAULTS, create_button, describe, get_button, update_button
from callgate.buttons.text_rules import ButtonError
from callgate.db import get_db
from tests.data import BUTTON, SIP_PASSWORD


def test_a_new_button_gets_every_default_it_was_not_given(app):
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
        stored = get_button(get_db(), button.id)
        given = set(BUTTON)
        for name, default in DEFAULTS.items():
            if name not in given:
                assert getattr(stored, name) == default, name


def test_missing_required_fields_are_named_and_nothing_is_stored(app):
    with app.app_context():
        with pytest.raises(ButtonError) as raised:
            create_button(get_db(), {"name": "No callee"})
        assert raised.value.code == "missing_fields"
        assert {"origins", "callee", "sip_password"} <= set(raised.value.details["names"])


def test_the_owners_view_never_holds_the_sip_password(app):
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
        shown = describe(update_button(get_db(), button.id, {"dtmf": True}))
    assert SIP_PASSWORD not in repr(shown)
    assert (shown["sip"]["passwordSet"], shown["dtmf"], shown["sip"]["port"]) == (True, True, 5060)
