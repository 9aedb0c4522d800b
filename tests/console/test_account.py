"""The user's own account: the second factor goes off only with the password or a current code;
a password change is audited and voids pending password links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine

from callgate.accounts import invitations, totp, users
from callgate.db import get_db
from callgate.db.models import AuditEvent
from tests.console.helpers import PASSWORD, log_in, post

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
START = datetime(2026, 12, 1, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def with_2fa(app, client, admin):
    """The admin with a second factor, logged in (code and all) at START."""
    with time_machine.travel(START, tick=False):
        with app.app_context():
            db = get_db()
            assert totp.enable(
                db, users.by_email(db, admin), SECRET, pyotp.TOTP(SECRET).now(), START
            )
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        log_in(client, admin)
        assert (
            post(client, "/console/login/code", {"code": pyotp.TOTP(SECRET).now()}).status_code
            == 302
        )
    return client


def second_factor_on(app, email: str) -> bool:
    with app.app_context():
        return users.by_email(get_db(), email).totp_secret is not None


def turn_off(client, **fields: str):
    return post(
        client, "/console/account/2fa", {"action": "disable", **fields}, form="/console/account"
    )


@pytest.mark.parametrize(
    "fields", [{}, {"current": "not my password"}, {"code": "000000"}, {"code": "１２３４５６"}]
)
def test_the_session_alone_cannot_turn_the_second_factor_off(app, with_2fa, admin, fields):
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        response = turn_off(with_2fa, **fields)
    assert response.status_code == 400
    assert "type your password or a current code" in response.get_data(as_text=True)
    assert second_factor_on(app, admin)


def test_the_password_turns_the_second_factor_off(app, with_2fa, admin):
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        assert turn_off(with_2fa, current=PASSWORD).status_code == 302
    assert not second_factor_on(app, admin)
    with app.app_context():
        row = get_db().query(AuditEvent).filter_by(reason="second factor removed").one()
        assert row.actor == f"user:{admin}"


def test_a_current_code_turns_the_second_factor_off(app, with_2fa, admin):
    later = START + timedelta(seconds=90)
    with time_machine.travel(later, tick=False):
        assert turn_off(with_2fa, code=pyotp.TOTP(SECRET).at(later)).status_code == 302
    assert not second_factor_on(app, admin)


def test_guessing_the_password_to_turn_it_off_is_throttled(app, with_2fa, admin):
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        for _ in range(5):
            turn_off(with_2fa, current="a wrong guess")
        response = turn_off(with_2fa, current=PASSWORD)
    assert response.status_code == 400 and "Try again in 15 minutes" in response.get_data(
        as_text=True
    )
    assert second_factor_on(app, admin)


def test_changing_the_password_voids_a_pending_password_link_and_is_audited(app, as_admin, admin):
    with app.app_context():
        db = get_db()
        secret = invitations.reset(db, users.by_email(db, admin), None, datetime.now(UTC)).secret
    response = post(
        as_admin,
        "/console/account",
        {"current": PASSWORD, "password": "a brand new one!", "password_again": "a brand new one!"},
    )
    assert response.status_code == 200
    old = app.test_client().get(f"/console/link/{secret}")
    assert old.status_code == 410
    assert "The password was changed after this link was made" in old.get_data(as_text=True)
    with app.app_context():
        row = get_db().query(AuditEvent).filter_by(reason="password changed").one()
        assert (row.actor, row.details) == (
            f"user:{admin}",
            {
                "user": admin,
                "changes": {"password": "changed"},
                "say": {"code": "password_changed", "params": {"who": admin}},
            },
        )
