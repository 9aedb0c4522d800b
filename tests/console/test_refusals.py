"""How the console says no: a page that names the role the user would need."""

from __future__ import annotations

import pytest

from tests.console.helpers import log_in, post


@pytest.mark.parametrize(
    ("lang", "says", "not_said"),
    [
        ("en", "Ask an admin if you need the admin role.", "editor role"),
        ("ru", "попросите администратора дать вам роль администратора", "роль редактора"),
    ],
)
def test_an_editor_opening_people_is_told_it_needs_the_admin_role(
    client, make_user, lang, says, not_said
):
    make_user("editor@example.com", "editor")
    log_in(client, "editor@example.com")
    client.set_cookie("callgate_console_lang", lang)
    page = client.get("/console/people")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert says in html and not_said not in html


def test_an_editor_throwing_the_global_switch_is_told_the_same(client, make_user):
    make_user("editor@example.com", "editor")
    log_in(client, "editor@example.com")
    refused = post(client, "/console/killswitch", {"on": "1", "confirm": "yes"})
    assert refused.status_code == 403
    assert "admin role" in refused.get_data(as_text=True)


def test_a_viewer_changing_a_button_is_still_told_about_the_editor_role(client, make_user, button):
    make_user("viewer@example.com", "viewer")
    log_in(client, "viewer@example.com")
    form = f"/console/buttons/{button.id}"
    refused = post(client, form, {"name": "Taken over", "workspace": "1"})
    assert refused.status_code == 403
    assert "Ask an admin for the editor role." in refused.get_data(as_text=True)
