"""Role changes: admin or a workspace role, the admin's links voided when it goes, audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callgate.accounts import invitations, links, roles, users
from callgate.db.models import AuditEvent

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_admin_then_a_workspace_role_then_none(db):
    user = users.create(db, "ann@example.com", "viewer", "a long password")
    roles.change_role(db, user, "admin", None, actor="cli")
    assert user.is_admin and users.memberships(db, user) == {1: "viewer"}
    roles.change_role(db, user, "editor", 1, actor="cli")
    assert not user.is_admin and users.memberships(db, user) == {1: "editor"}
    roles.change_role(db, user, "none", 1, actor="cli")
    assert users.memberships(db, user) == {}
    rows = db.query(AuditEvent).filter_by(reason="role changed").order_by(AuditEvent.id).all()
    assert [r.details["changes"] for r in rows] == [
        {"admin": [False, True]},
        {"admin": [True, False], "workspaces": [{"1": "viewer"}, {"1": "editor"}]},
        {"workspaces": [{"1": "editor"}, {}]},
    ]


def test_losing_admin_voids_the_links_one_made(db):
    boss = users.create(db, "boss@example.com", "admin", "a long password")
    invitations.invite(db, "new@example.com", "viewer", None, boss, NOW)
    roles.change_role(db, boss, "viewer", None, actor="cli")
    assert links.pending(db, NOW) == []


@pytest.mark.parametrize("role", ["owner", "", None, "ADMIN"])
def test_an_unknown_role_is_refused(db, role):
    user = users.create(db, "ann@example.com", "viewer", "a long password")
    with pytest.raises(users.AccountError, match="role must be one of"):
        roles.change_role(db, user, role, 1, actor="cli")
