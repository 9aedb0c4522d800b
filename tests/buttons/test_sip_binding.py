"""The stored SIP password moves with its account and host only when it is given again."""

from __future__ import annotations

import pytest

from callgate.buttons.store import get_button, update_button
from callgate.buttons.text_rules import ButtonError
from callgate.db import get_db
from callgate.vault.stored import reveal, vault_of
from tests.data import BUTTON, SIP_PASSWORD

#: Each change that would send the stored password to another account or host.
MOVES = [
    {"sip_login": "attacker-login"},
    {"sip_auth_name": "attacker-auth"},
    {"sip_domain": "pbx.attacker.example"},
    {"sip_domain": ""},
    {"sip_outbound_proxy": "proxy.attacker.example"},
    {"sip_port": 5099},
    {"sip_domain": "pbx.attacker.example", "sip_port": 5099, "name": "Renamed"},
]


def stored(app, button_id: str) -> tuple:
    with app.app_context():
        found = get_button(get_db(), button_id)
        fields = ("name", "sip_login", "sip_auth_name", "sip_domain", "sip_outbound_proxy")
        values = tuple(getattr(found, name) for name in (*fields, "sip_port"))
        return values, reveal(vault_of(get_db()), found)


@pytest.mark.parametrize("changes", MOVES)
def test_moving_the_password_without_giving_it_is_refused(app, button, changes):
    before = stored(app, button.id)
    with app.app_context(), pytest.raises(ButtonError) as refused:
        update_button(get_db(), button.id, changes)
    assert refused.value.code == "sip_password_required"
    assert refused.value.details["field"] == "sip_password"
    moved = [name for name in changes if name != "name"]
    assert refused.value.details["names"] == moved
    assert refused.value.button_id == button.id
    assert stored(app, button.id) == before


@pytest.mark.parametrize("changes", MOVES)
def test_moving_it_with_the_password_in_the_same_change_is_stored(app, button, changes):
    with app.app_context():
        update_button(get_db(), button.id, changes | {"sip_password": "new-pass-for-there"})
    (name, login, auth, domain, proxy, port), password = stored(app, button.id)
    assert password == "new-pass-for-there"
    assert changes.get("sip_login", login) == login
    assert (changes.get("sip_domain", domain) or None) == domain
    assert changes.get("sip_port", port) == port


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "Renamed", "callee": "7002"},
        # The same destination typed again moves nothing.
        {key: BUTTON[key] for key in ("sip_login", "sip_auth_name", "sip_domain")},
        {"sip_port": 5060, "sip_register": True},
        # Left alone (None), as the CLI leaves a field it was not given.
        {"sip_login": None, "sip_domain": None},
    ],
)
def test_other_changes_keep_the_stored_password(app, button, changes):
    with app.app_context():
        update_button(get_db(), button.id, changes)
    assert stored(app, button.id)[1] == SIP_PASSWORD
