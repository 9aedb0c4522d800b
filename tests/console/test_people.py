"""Users and workspaces: invitations, roles, disabling, second-factor reset, audit visibility."""

from __future__ import annotations

import re

import pytest

from accounts import users
from db import get_db
from tests.console.conftest import PASSWORD, log_in, post


def invite(client, email: str, role: str = "editor", workspace: str = "1") -> str:
    response = post(
        client,
        "/console/people/invite",
        {"email": email, "role": role, "workspace": workspace},
        form="/console/people",
    )
    assert response.status_code == 200
    link = re.search(
        r"https://calls\.example\.net(/console/link/[\w-]+)", response.get_data(as_text=True)
    )
    return link.group(1)


def test_an_invited_editor_joins_with_a_password(app, as_admin):
    path = invite(as_admin, "new@example.com")
    guest = app.test_client()
    assert "You were invited as new@example.com" in guest.get(path).get_data(as_text=True)
    response = post(
        guest, path, {"password": "a fine new password", "password_again": "a fine new password"}
    )
    assert response.status_code == 302
    assert guest.get("/console/buttons").status_code == 200
    with app.app_context():
        new = users.by_email(get_db(), "new@example.com")
        assert users.memberships(get_db(), new) == {1: "editor"}


def test_an_invitation_works_once(app, as_admin):
    path = invite(as_admin, "new@example.com")
    guest = app.test_client()
    post(guest, path, {"password": "a fine new password", "password_again": "a fine new password"})
    assert app.test_client().get(path).status_code == 404


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("short", "short", "at least 10 characters"),
        ("long enough one", "another one!!", "not the same"),
    ],
)
def test_a_bad_new_password_is_refused(app, as_admin, password, again, message):
    path = invite(as_admin, "new@example.com")
    guest = app.test_client()
    response = post(guest, path, {"password": password, "password_again": again})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert guest.get(path).status_code == 200  # the link is not spent


def test_inviting_an_existing_user_says_so(as_admin, admin):
    response = post(
        as_admin,
        "/console/people/invite",
        {"email": admin, "role": "viewer"},
        form="/console/people",
    )
    assert response.status_code == 400 and "already exists" in response.get_data(as_text=True)


def test_disabling_ends_the_session_and_enabling_lets_them_back(app, as_admin, make_user):
    user_id = make_user("editor@example.com")
    other = app.test_client()
    log_in(other, "editor@example.com")
    post(
        as_admin, f"/console/people/{user_id}/state", {"action": "disable"}, form="/console/people"
    )
    assert other.get("/console/").status_code == 302
    post(as_admin, f"/console/people/{user_id}/state", {"action": "enable"}, form="/console/people")
    assert log_in(other, "editor@example.com").status_code == 302


def test_an_admin_cannot_disable_or_demote_themselves(app, as_admin, admin):
    with app.app_context():
        me = users.by_email(get_db(), admin).id
    for path, data in (
        (f"/console/people/{me}/state", {"action": "disable"}),
        (f"/console/people/{me}/role", {"role": "viewer", "workspace": "1"}),
    ):
        assert post(as_admin, path, data, form="/console/people").status_code == 400
    assert as_admin.get("/console/people").status_code == 200


def test_changing_a_role(app, as_admin, make_user, other_workspace):
    user_id = make_user("editor@example.com")
    post(
        as_admin,
        f"/console/people/{user_id}/role",
        {"role": "viewer", "workspace": str(other_workspace)},
        form="/console/people",
    )
    post(
        as_admin,
        f"/console/people/{user_id}/role",
        {"role": "none", "workspace": "1"},
        form="/console/people",
    )
    with app.app_context():
        assert users.memberships(get_db(), users.get(get_db(), user_id)) == {
            other_workspace: "viewer"
        }
    post(as_admin, f"/console/people/{user_id}/role", {"role": "admin"}, form="/console/people")
    with app.app_context():
        assert users.get(get_db(), user_id).is_admin


def test_a_password_link_and_a_second_factor_reset(app, as_admin, make_user):
    user_id = make_user("editor@example.com")
    response = post(
        as_admin,
        f"/console/people/{user_id}/state",
        {"action": "reset_password"},
        form="/console/people",
    )
    path = re.search(r"(/console/link/[\w-]+)", response.get_data(as_text=True)).group(1)
    guest = app.test_client()
    post(
        guest, path, {"password": "a brand new password", "password_again": "a brand new password"}
    )
    assert (
        log_in(app.test_client(), "editor@example.com", "a brand new password").status_code == 302
    )
    assert log_in(app.test_client(), "editor@example.com", PASSWORD).status_code == 401


def test_workspaces_are_created_once(as_admin):
    assert (
        post(
            as_admin, "/console/people/workspaces", {"name": "Shop"}, form="/console/people"
        ).status_code
        == 302
    )
    again = post(as_admin, "/console/people/workspaces", {"name": "Shop"}, form="/console/people")
    assert again.status_code == 400 and "already exists" in again.get_data(as_text=True)


def test_members_see_only_their_workspaces_audit(
    app, client, make_user, button, foreign_button, as_admin
):
    for b in (button, foreign_button):
        app.test_client().post(
            f"/api/v1/buttons/{b.id}/token", headers={"Origin": "https://x.example"}
        )
    everything = as_admin.get("/console/audit").get_data(as_text=True)
    assert "Foreign" in everything and "login" in everything
    make_user("editor@example.com")
    member = app.test_client()
    log_in(member, "editor@example.com")
    mine = member.get("/console/audit").get_data(as_text=True)
    assert button.name in mine and "Foreign" not in mine and "admin@example.com" not in mine
