"""The console's callback requests: listed for the buttons one may see, marked called back."""

from __future__ import annotations

import re

import pytest

from callgate.audit.trail import list_events
from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.visitors.callback_log import get_callback
from callgate.visitors.callbacks import request_callback
from tests.console.helpers import log_in, post
from tests.data import ORIGIN

HOSTILE_NOTE = "<script>alert(1)</script> after 3 pm"


def leave(app, button_id: str, phone: str, note: str | None = None) -> int:
    with app.app_context():
        button = update_button(get_db(), button_id, {"callback": True})
        body = {"phone": phone, "note": note}
        seen = {"origin": ORIGIN, "visitor_ip": "203.0.113.0", "language": "en"}
        return request_callback(get_db(), button, body, [], **seen).id


def status_of(app, request_id: int) -> str:
    with app.app_context():
        return get_callback(get_db(), request_id).status


@pytest.fixture
def left(app, button, foreign_button) -> dict[str, int]:
    return {
        "first": leave(app, button.id, "+49 30 901820", HOSTILE_NOTE),
        "second": leave(app, button.id, "+44 20 7946 0018"),
        "foreign": leave(app, foreign_button.id, "+33 1 40 20 50 50"),
    }


def test_admins_see_every_request_newest_first_with_notes_as_text(as_admin, left):
    page = as_admin.get("/console/callbacks").get_data(as_text=True)
    phones = re.findall(r'href="tel:([^"]+)"', page)
    assert phones == ["+33140205050", "+442079460018", "+4930901820"]
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; after 3 pm" in page and "<script>alert" not in page
    )


def test_members_see_only_their_workspaces_requests(client, make_user, left):
    make_user("editor@example.com", "editor")
    log_in(client, "editor@example.com")
    page = client.get("/console/callbacks").get_data(as_text=True)
    assert re.findall(r'href="tel:([^"]+)"', page) == ["+442079460018", "+4930901820"]


def test_an_editor_marks_a_request_called_back_and_it_is_audited(app, as_admin, left):
    path = f"/console/callbacks/{left['first']}"
    response = post(as_admin, path, {"done": "1"}, form="/console/callbacks")
    assert response.status_code == 302
    assert status_of(app, left["first"]) == "done"
    waiting = as_admin.get("/console/callbacks?status=new").get_data(as_text=True)
    assert "+4930901820" not in waiting and "+442079460018" in waiting
    with app.app_context():
        [event] = [e for e in list_events(get_db()) if e["action"] == "callback"]
    assert event["reason"] == f"callback request {left['first']} marked done by admin@example.com"
    post(as_admin, path, {"done": "0"}, form="/console/callbacks")
    assert status_of(app, left["first"]) == "new"


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_who_may_not_edit_the_button_cannot_mark_its_requests(
    app, client, make_user, other_workspace, left, who
):
    role, workspace = ("viewer", None) if who == "viewer" else ("editor", other_workspace)
    make_user(f"{who}@example.com", role, workspace)
    log_in(client, f"{who}@example.com")
    response = post(
        client, f"/console/callbacks/{left['first']}", {"done": "1"}, "/console/account"
    )
    assert response.status_code in (403, 404)
    assert status_of(app, left["first"]) == "new"


def test_a_post_without_its_csrf_token_is_refused(app, as_admin, left):
    response = as_admin.post(f"/console/callbacks/{left['first']}", data={"done": "1"})
    assert response.status_code in (400, 403)
    assert status_of(app, left["first"]) == "new"


def test_the_page_speaks_russian(as_admin, left):
    as_admin.set_cookie("callgate_console_lang", "ru")
    page = as_admin.get("/console/callbacks").get_data(as_text=True)
    assert "Просьбы перезвонить" in page and "Отметить: перезвонили" in page
