"""The kill switch page: a confirmation step, admins only for the global switch, next request."""

from __future__ import annotations

from callgate.db import get_db
from callgate.guardrails.killswitch import global_on
from tests.console.helpers import log_in, post
from tests.data import ORIGIN


def token_status(client, button) -> int:
    return client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN}).status_code


def test_the_first_post_asks_to_confirm_and_changes_nothing(app, as_admin, button):
    response = post(as_admin, "/console/killswitch", {"on": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Stop every call?" in html and 'name="confirm" value="yes"' in html
    with app.app_context():
        assert not global_on(get_db())


def test_the_global_switch_refuses_the_next_token(app, as_admin, client, button):
    assert token_status(client, button) == 200
    post(as_admin, "/console/killswitch", {"on": "1", "confirm": "yes"})
    assert token_status(client, button) == 503
    assert "The global kill switch is on" in as_admin.get("/console/").get_data(as_text=True)
    post(as_admin, "/console/killswitch", {"on": "0", "confirm": "yes"})
    assert token_status(client, button) == 200


def test_an_editor_stops_their_button_but_not_everything(app, client, make_user, button):
    make_user("editor@example.com", "editor")
    log_in(client, "editor@example.com")
    assert post(client, "/console/killswitch", {"on": "1", "confirm": "yes"}).status_code == 403
    done = post(client, "/console/killswitch", {"button": button.id, "on": "1", "confirm": "yes"})
    assert done.status_code == 302
    assert token_status(app.test_client(), button) == 503


def test_throwing_it_is_audited(app, as_admin, button):
    post(as_admin, "/console/killswitch", {"button": button.id, "on": "1", "confirm": "yes"})
    html = as_admin.get("/console/audit?action=killswitch").get_data(as_text=True)
    # The row says who threw it and what changed (the CLI's words, "button kill switch on",
    # stay in `flask audit list`).
    assert '<td class="who-did">admin@example.com</td>' in html
    assert '<span class="field-name">Kill switch</span>: <del>off</del> → <ins>on</ins>' in html
