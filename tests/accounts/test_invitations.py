"""Invitations and reset links: one use, an expiry, only their hash stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callgate.accounts import invitations, passwords, users
from callgate.db.accounts import Invitation

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_an_invitation_makes_the_user_once(db):
    secret = invitations.invite(db, "new@example.com", "viewer", None, None, NOW).secret
    assert db.query(Invitation).one().token_hash != secret
    user = invitations.accept(db, secret, "a long password", NOW)
    assert user.email == "new@example.com" and not user.is_admin
    with pytest.raises(invitations.LinkInvalid):
        invitations.accept(db, secret, "a long password", NOW)


def test_an_invitation_expires(db):
    secret = invitations.invite(db, "new@example.com", "admin", None, None, NOW).secret
    with pytest.raises(invitations.LinkInvalid):
        invitations.lookup(db, secret, NOW + invitations.TTL + timedelta(seconds=1))


@pytest.mark.parametrize("secret", ["", "short", "x" * 200, None, "a" * 43])
def test_unknown_links(db, secret):
    with pytest.raises(invitations.LinkInvalid):
        invitations.lookup(db, secret, NOW)


def test_a_reset_link_sets_a_new_password(db):
    user = users.create(db, "a@example.com", "editor", "the old password")
    secret = invitations.reset(db, user, None, NOW).secret
    invitations.accept(db, secret, "the new password", NOW)
    assert passwords.verify(user.password_hash, "the new password")


def test_a_bad_password_does_not_spend_the_link(db):
    secret = invitations.invite(db, "new@example.com", "viewer", None, None, NOW).secret
    with pytest.raises(passwords.PasswordError):
        invitations.accept(db, secret, "short", NOW)
    invitations.lookup(db, secret, NOW)
