"""Who sees and changes what: strict headers everywhere, viewers read only, members their own."""

from __future__ import annotations

import pytest

from callgate.accounts import users, workspaces
from callgate.db import get_db
from tests.console.helpers import csrf_token, log_in, post

PAGES = [
    "/console/",
    "/console/buttons",
    "/console/buttons/new",
    "/console/calls",
    "/console/audit",
    "/console/killswitch",
    "/console/people",
    "/console/account",
    "/console/login",
    "/console/no-such-page",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_console_page_carries_the_strict_headers(as_admin, path):
    response = as_admin.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script


def test_unknown_console_url_is_the_console_404_page(as_admin):
    response = as_admin.get("/console/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


@pytest.fixture
def as_viewer(client, make_user):
    make_user("viewer@example.com", "viewer")
    log_in(client, "viewer@example.com")
    return client


def test_a_viewer_sees_buttons_but_every_change_is_403(as_viewer, button):
    page = as_viewer.get(f"/console/buttons/{button.id}").get_data(as_text=True)
    assert "<fieldset disabled>" in page and "Save button" not in page
    token = csrf_token(as_viewer, f"/console/buttons/{button.id}")
    for path, data in [
        (f"/console/buttons/{button.id}", {"name": "Changed", "workspace": "1"}),
        ("/console/buttons/new", {"name": "New", "workspace": "1"}),
        (f"/console/buttons/{button.id}/delete", {"confirm": "yes"}),
        ("/console/killswitch", {"button": button.id, "on": "1", "confirm": "yes"}),
        ("/console/killswitch", {"on": "1", "confirm": "yes"}),
        ("/console/people/invite", {"email": "x@example.com", "role": "admin"}),
    ]:
        response = as_viewer.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 403, path
    assert as_viewer.get("/console/buttons/new").status_code == 403


def test_a_viewer_cannot_see_the_people_page(as_viewer):
    assert as_viewer.get("/console/people").status_code == 403


def test_members_do_not_see_other_workspaces(client, make_user, button, foreign_button):
    make_user("editor@example.com", "editor")
    log_in(client, "editor@example.com")
    listing = client.get("/console/buttons").get_data(as_text=True)
    assert button.name in listing and "Foreign" not in listing
    for path in (
        f"/console/buttons/{foreign_button.id}",
        f"/console/buttons/{foreign_button.id}/embed",
        f"/console/calls?button={foreign_button.id}",
    ):
        response = client.get(path)
        assert response.status_code in (404, 200), path
        assert "Foreign" not in response.get_data(as_text=True), path
    response = post(
        client,
        f"/console/buttons/{foreign_button.id}",
        {"name": "Mine now", "workspace": "1"},
        form="/console/buttons",
    )
    assert response.status_code == 404


def test_an_editor_cannot_move_a_button_into_a_workspace_they_only_view(
    app, client, make_user, button, other_workspace
):
    user_id = make_user("editor@example.com", "editor")
    with app.app_context():
        db = get_db()
        workspaces.set_role(db, users.get(db, user_id), other_workspace, "viewer")
        db.commit()
    log_in(client, "editor@example.com")
    response = post(
        client,
        f"/console/buttons/{button.id}",
        {"name": "Sales", "workspace": str(other_workspace)},
        form=f"/console/buttons/{button.id}",
    )
    assert response.status_code == 403


def test_admins_see_every_workspace(as_admin, button, foreign_button):
    listing = as_admin.get("/console/buttons").get_data(as_text=True)
    assert button.name in listing and "Foreign" in listing
