"""Users and workspaces: invitations, roles, disabling, second-factor reset, audit visibility."""

from __future__ import annotations

import re

import pytest

from callgate.accounts import users
from callgate.db import get_db
from callgate.db.models import AuditEvent
from tests.console.helpers import PASSWORD, csrf_token, log_in, post


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
    again = app.test_client().get(path)
    # A spent link is gone (410) and says so, where it once showed the password form.
    assert again.status_code == 410
    assert "already used" in again.get_data(as_text=True)


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


def join(app, path: str, password: str = "a fine new password"):
    """Use a one-time link with a new password, from a fresh browser; return the answer."""
    guest = app.test_client()
    answer = post(guest, path, {"password": password, "password_again": password})
    return guest, answer


def test_a_second_invitation_replaces_the_first_and_says_so(app, as_admin):
    first = invite(as_admin, "new@example.com")
    response = post(
        as_admin,
        "/console/people/invite",
        {"email": "new@example.com", "role": "viewer", "workspace": "1"},
        form="/console/people",
    )
    page = response.get_data(as_text=True)
    assert "The earlier invitation for new@example.com was replaced" in page
    old = app.test_client().get(first)
    text = old.get_data(as_text=True)
    assert old.status_code == 410 and "A newer link was made for this person" in text
    assert 'name="password"' not in text and 'href="/console/login"' in text


def test_a_used_link_raced_by_a_second_form_shows_a_clear_page_not_a_core_error(app, as_admin):
    path = invite(as_admin, "new@example.com")
    late = app.test_client()
    token = csrf_token(late, path)  # the password form, open in a second tab
    join(app, path)
    response = late.post(
        path,
        data={"csrf_token": token, "password": "another one!!", "password_again": "another one!!"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 410 and "This link was already used" in text
    assert "already exists" not in text and 'name="password"' not in text


def test_joining_through_a_link_counts_as_a_login(app, as_admin):
    path = invite(as_admin, "new@example.com")
    guest, answer = join(app, path)
    assert answer.status_code == 302 and guest.get("/console/").status_code == 200
    with app.app_context():
        assert users.by_email(get_db(), "new@example.com").last_login_at is not None
    listed = as_admin.get("/console/people").get_data(as_text=True)
    entry = listed.split("new@example.com</strong>", 1)[1].split("</li>", 1)[0]
    assert "never" not in entry


def test_pending_links_are_listed_and_revoked_in_the_console(app, as_admin):
    path = invite(as_admin, "new@example.com")
    listed = as_admin.get("/console/people").get_data(as_text=True)
    assert "Pending links" in listed and "admin@example.com" in listed
    link_id = re.search(r"/console/people/links/(\d+)/revoke", listed).group(1)
    response = post(as_admin, f"/console/people/links/{link_id}/revoke", form="/console/people")
    assert response.status_code == 302
    assert "was revoked" in as_admin.get(response.headers["Location"]).get_data(as_text=True)
    gone = app.test_client().get(path)
    assert gone.status_code == 410 and "An admin revoked this link" in gone.get_data(as_text=True)
    again = post(as_admin, f"/console/people/links/{link_id}/revoke", form="/console/people")
    assert again.status_code == 404


def test_an_admin_invitation_from_an_admin_later_disabled_creates_no_admin(app, make_user, admin):
    make_user("second@example.com", "admin")
    other = app.test_client()
    log_in(other, "second@example.com")
    path = invite(other, "new@example.com", role="admin")
    first = app.test_client()
    log_in(first, admin)
    with app.app_context():
        second_id = users.by_email(get_db(), "second@example.com").id
    post(first, f"/console/people/{second_id}/state", {"action": "disable"}, form="/console/people")
    page = app.test_client().get(path)
    assert page.status_code == 410
    assert "no longer an active admin" in page.get_data(as_text=True)
    _guest, answer = join(app, path)
    assert answer.status_code == 410
    with app.app_context():
        assert users.find(get_db(), "new@example.com") is None


def test_a_newer_password_link_used_voids_the_older_one(app, as_admin, make_user):
    user_id = make_user("editor@example.com")

    def reset_link() -> str:
        response = post(
            as_admin,
            f"/console/people/{user_id}/state",
            {"action": "reset_password"},
            form="/console/people",
        )
        return re.search(r"(/console/link/[\w-]+)", response.get_data(as_text=True)).group(1)

    older, newer = reset_link(), reset_link()
    join(app, newer, "the newest password")
    _guest, answer = join(app, older, "an attacker's password")
    assert answer.status_code == 410
    assert log_in(app.test_client(), "editor@example.com", "the newest password").status_code == 302


@pytest.mark.parametrize("workspace", ["²", "1x", "-1", "٣"])
def test_a_role_change_with_a_bad_workspace_is_refused_with_400(
    app, as_admin, make_user, workspace
):
    user_id = make_user("editor@example.com")
    response = post(
        as_admin,
        f"/console/people/{user_id}/role",
        {"role": "viewer", "workspace": workspace},
        form="/console/people",
    )
    assert response.status_code == 400
    assert "Choose a workspace from the list." in response.get_data(as_text=True)


def test_console_account_changes_are_audited_with_the_admin_as_actor(app, as_admin, make_user):
    user_id = make_user("editor@example.com")
    invite(as_admin, "new@example.com")
    for action in ("disable", "enable", "reset_password"):
        post(
            as_admin, f"/console/people/{user_id}/state", {"action": action}, form="/console/people"
        )
    post(
        as_admin,
        f"/console/people/{user_id}/role",
        {"role": "viewer", "workspace": "1"},
        form="/console/people",
    )
    with app.app_context():
        rows = get_db().query(AuditEvent).filter_by(action="account").order_by(AuditEvent.id)
        done = [(r.reason, r.actor, r.details["user"]) for r in rows if r.actor is not None]
    admin_actor = "user:admin@example.com"
    assert done == [
        ("invitation issued", admin_actor, "new@example.com"),
        ("user disabled", admin_actor, "editor@example.com"),
        ("user enabled", admin_actor, "editor@example.com"),
        ("password link issued", admin_actor, "editor@example.com"),
        ("role changed", admin_actor, "editor@example.com"),
    ]
