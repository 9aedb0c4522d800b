"""The console's API keys page: admins and editors make (shown once), list and revoke keys."""

from __future__ import annotations

import re

import pytest

from callgate.apikeys import use
from callgate.apikeys.keys import KeyRefused
from callgate.db import get_db
from tests.console.helpers import log_in, post

KEY = re.compile(r'<pre class="code" id="new-key"><code>(cg_[^<]+)</code>')


def make(client, **data):
    form = {"name": "crm", "workspace": "1", "scope": ["buttons:read", "calls:read"]} | data
    return post(client, "/console/api-keys", form)


def test_an_editor_makes_a_key_sees_it_once_and_revokes_it(app, client, make_user):
    make_user("ed@example.com", "editor")
    log_in(client, "ed@example.com")
    assert "API keys" in client.get("/console/").get_data(as_text=True)
    made = make(client)
    assert made.status_code == 200
    text = KEY.search(made.get_data(as_text=True)).group(1)
    listing = client.get("/console/api-keys").get_data(as_text=True)
    assert text not in listing and text[:10] in listing and "crm" in listing
    with app.app_context():
        row = use.authenticate(get_db(), text)
    revoked = post(client, f"/console/api-keys/{row.id}/revoke", form="/console/api-keys")
    assert revoked.status_code == 302
    with app.app_context():
        try:
            use.authenticate(get_db(), text)
        except KeyRefused as exc:
            assert exc.code == "key_revoked"
        else:
            raise AssertionError("revoked key still works")


def test_a_viewer_has_no_keys_page(client, make_user):
    make_user("v@example.com", "viewer")
    log_in(client, "v@example.com")
    assert "API keys" not in client.get("/console/").get_data(as_text=True)
    assert client.get("/console/api-keys").status_code == 404


def test_an_editor_cannot_make_a_key_for_another_workspace(client, make_user, other_workspace):
    make_user("ed@example.com", "editor")
    log_in(client, "ed@example.com")
    refused = make(client, workspace=str(other_workspace))
    assert refused.status_code == 400 and "cg_" not in refused.get_data(as_text=True)


def test_bad_input_is_said_at_the_form(as_admin):
    refused = make(as_admin, scope=[])
    assert refused.status_code == 400
    assert "give at least one scope" in refused.get_data(as_text=True)


@pytest.mark.parametrize("workspace", ["\u00b3", "\u0661", "9" * 30, "x"])
def test_a_workspace_that_is_not_a_number_is_said_at_the_form(as_admin, workspace):
    refused = make(as_admin, workspace=workspace)
    assert refused.status_code == 400 and "cg_" not in refused.get_data(as_text=True)
