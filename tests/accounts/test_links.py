"""One-time links voided by what should void them, listed and revoked, and audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callgate.accounts import invitations, links, roles, users
from callgate.audit.trail import list_events
from callgate.db.models import AuditEvent

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


def why(db, secret: str, when: datetime = LATER) -> str | None:
    try:
        invitations.lookup(db, secret, when)
    except links.LinkInvalid as exc:
        return exc.why
    return None


@pytest.fixture
def author(db):
    return users.create(db, "boss@example.com", "admin", "the boss password")


@pytest.fixture
def person(db):
    return users.create(db, "ann@example.com", "editor", "the old password")


def test_a_newer_reset_link_supersedes_the_older_one(db, author, person):
    older = invitations.reset(db, person, author, NOW).secret
    newer = invitations.reset(db, person, author, NOW + timedelta(minutes=1))
    assert newer.superseded == 1
    assert why(db, older) == "superseded"
    invitations.accept(db, newer.secret, "the new password", LATER)
    assert (why(db, older), why(db, newer.secret)) == ("superseded", "used")


def test_using_a_link_voids_another_pending_one_of_its_kind(db, author, person):
    # Two links made at once (say, by two admins racing): using one voids the other.
    first, second = (invitations.reset(db, person, author, NOW).secret for _ in range(2))
    assert why(db, first) == "superseded"
    invitations.accept(db, second, "the new password", LATER)
    assert why(db, second) == "used"


def test_a_password_change_voids_a_pending_reset_link(db, author, person):
    secret = invitations.reset(db, person, author, NOW).secret
    users.set_password(db, person, "changed by hand", actor="cli")
    assert why(db, secret) == "password_changed"
    with pytest.raises(links.LinkInvalid):
        invitations.accept(db, secret, "the new password", LATER)


def test_an_admin_invitation_from_an_admin_later_disabled_creates_no_admin(db, author):
    secret = invitations.invite(db, "new@example.com", "admin", None, author, NOW).secret
    users.set_disabled(db, author, True, actor="cli")
    assert why(db, secret) == "author_gone"
    with pytest.raises(links.LinkInvalid):
        invitations.accept(db, secret, "a long password", LATER)
    assert users.find(db, "new@example.com") is None
    # Enabling the author again does not bring the link back.
    users.set_disabled(db, author, False, actor="cli")
    assert why(db, secret) == "author_gone"


def test_a_link_from_an_admin_later_demoted_no_longer_works(db, author, person):
    secret = invitations.invite(db, "new@example.com", "viewer", None, author, NOW).secret
    roles.change_role(db, author, "editor", None, actor="cli")
    assert why(db, secret) == "author_gone"


def test_a_link_whose_author_lost_admin_behind_our_back_is_refused(db, sql, author):
    secret = invitations.invite(db, "new@example.com", "admin", None, author, NOW).secret
    sql("UPDATE users SET is_admin = false WHERE email = 'boss@example.com'")
    db.expire_all()
    assert why(db, secret) == "author_gone"


def test_an_invitation_for_someone_who_joined_another_way_says_so(db, author):
    secret = invitations.invite(db, "new@example.com", "viewer", None, author, NOW).secret
    users.create(db, "new@example.com", "viewer", "a long password", actor="cli")
    assert why(db, secret) == "account_exists"


def test_pending_links_are_listed_and_revoked(db, author, person):
    invite = invitations.invite(db, "new@example.com", "viewer", None, author, NOW).secret
    invitations.reset(db, person, None, NOW)
    invitations.invite(db, "old@example.com", "viewer", None, None, NOW - timedelta(days=4))
    found = links.pending(db, LATER)
    assert [(link.kind, link.email) for link in found] == [
        ("reset", "ann@example.com"),
        ("invite", "new@example.com"),
    ]  # the expired one is not pending
    assert links.authors(db, found) == {author.id: "boss@example.com"}
    invite_id = found[1].id
    links.revoke(db, invite_id, "user:boss@example.com", LATER)
    assert why(db, invite) == "revoked"
    with pytest.raises(links.LinkInvalid.__mro__[1]):  # NotFound: no longer pending
        links.revoke(db, invite_id, "cli", LATER)
    assert [link.kind for link in links.pending(db, LATER)] == ["reset"]


def says(code: str, who: str) -> dict:
    """Return the reason's code and values an account row keeps (audit/say.py)."""
    return {"say": {"code": code, "params": {"who": who}}}


def account_rows(db) -> list[AuditEvent]:
    rows = db.query(AuditEvent).filter_by(action="account").order_by(AuditEvent.id).all()
    return rows


def test_account_changes_leave_rows_with_the_actor_and_details(db, author, person):
    made = invitations.invite(db, "new@example.com", "viewer", 1, author, NOW)
    invitations.invite(db, "new@example.com", "editor", 1, author, NOW)
    link_id = links.pending(db, LATER)[0].id
    links.revoke(db, link_id, "user:boss@example.com", LATER)
    roles.change_role(db, person, "viewer", 1, actor="cli")
    users.set_disabled(db, person, True, actor="user:boss@example.com")
    rows = [(r.reason, r.actor, r.details) for r in account_rows(db)][2:]  # after the two creates
    assert rows == [
        (
            "invitation issued",
            "user:boss@example.com",
            {"user": "new@example.com", "role": "viewer", "workspace": 1, "superseded": 0}
            | says("invitation_issued", "new@example.com"),
        ),
        (
            "invitation issued",
            "user:boss@example.com",
            {"user": "new@example.com", "role": "editor", "workspace": 1, "superseded": 1}
            | says("invitation_issued", "new@example.com"),
        ),
        (
            "invitation revoked",
            "user:boss@example.com",
            {"user": "new@example.com", "link": link_id}
            | says("invitation_revoked", "new@example.com"),
        ),
        (
            "role changed",
            "cli",
            {
                "user": "ann@example.com",
                "changes": {"workspaces": [{"1": "editor"}, {"1": "viewer"}]},
            }
            | says("role_changed", "ann@example.com"),
        ),
        (
            "user disabled",
            "user:boss@example.com",
            {"user": "ann@example.com", "changes": {"disabled": [False, True]}}
            | says("user_disabled", "ann@example.com"),
        ),
    ]
    assert made.superseded == 0
    assert all(e["outcome"] == "done" for e in list_events(db) if e["action"] == "account")
