"""Users and workspaces: creation, e-mail and role checks, roles in workspaces."""

from __future__ import annotations

import pytest

from callgate.accounts import users, workspaces
from callgate.buttons.store import create_button
from callgate.db.accounts import DEFAULT_WORKSPACE_ID
from callgate.errors import InvalidInput, NotFound
from tests.data import BUTTON


@pytest.mark.parametrize(
    "email",
    [
        "",
        "plain",
        "a@b",
        "a b@example.com",
        '"x"@example.com',
        "x@-example.com",
        "x" * 250 + "@e.com",
    ],
)
def test_bad_addresses(email):
    with pytest.raises(users.AccountError):
        users.check_email(email)


def test_addresses_are_lowercased_and_unique(db):
    user = users.create(db, "  Ann@Example.COM ", "viewer", "a long password")
    assert user.email == "ann@example.com"
    assert users.find(db, "ANN@example.com") is user
    with pytest.raises(users.AccountError):
        users.create(db, "ann@example.com", "editor", "a long password")


def test_roles(db):
    admin = users.create(db, "a@example.com", "admin", "a long password")
    editor = users.create(db, "e@example.com", "editor", "a long password")
    assert admin.is_admin and users.memberships(db, admin) == {}
    assert users.memberships(db, editor) == {DEFAULT_WORKSPACE_ID: "editor"}
    with pytest.raises(users.AccountError):
        users.create(db, "o@example.com", "owner", "a long password")


def test_a_member_sees_and_edits_only_their_workspaces(db):
    other = workspaces.create(db, "Other")
    mine = create_button(db, dict(BUTTON))
    theirs = create_button(db, dict(BUTTON), workspace_id=other.id)
    editor = users.create(db, "e@example.com", "editor", "a long password")
    viewer = users.create(db, "v@example.com", "viewer", "a long password", other.id)
    assert workspaces.visible_button_ids(db, editor) == [mine.id]
    workspaces.ensure_can_edit(db, editor, mine, DEFAULT_WORKSPACE_ID)
    with pytest.raises(NotFound):
        workspaces.ensure_can_view(db, editor, theirs)
    with pytest.raises(workspaces.NotPermitted):
        workspaces.ensure_can_edit(db, viewer, theirs, other.id)
    assert workspaces.editable(db, viewer) == []


def test_workspace_names(db):
    with pytest.raises(InvalidInput):
        workspaces.create(db, " ")
    with pytest.raises(InvalidInput):
        workspaces.create(db, "Default")
    assert workspaces.by_name(db, None).id == DEFAULT_WORKSPACE_ID
    with pytest.raises(NotFound):
        workspaces.by_name(db, "nope")


def test_ending_sessions_raises_the_version(db):
    user = users.create(db, "a@example.com", "admin", "a long password")
    users.end_sessions(db, user)
    users.set_password(db, user, "another long one")
    users.set_disabled(db, user, True)
    assert user.session_version == 4
