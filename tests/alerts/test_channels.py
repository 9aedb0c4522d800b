"""Alert channels: what may be made (a table of bad fields, hostile addresses and URLs), what is
kept sealed, what is audited, and that removing one drops its unsent alerts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callgate.addresses import parse_networks
from callgate.alerts import channels
from callgate.alerts.channels import AlertError
from callgate.db import get_db
from callgate.db.alerts import AlertChannel, AlertMessage
from callgate.db.models import AuditEvent
from callgate.errors import NotFound
from callgate.outbound.urls import UnsafeUrl

TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ"
GOOD = {"kind": "email", "address": "owner@shop.example", "alerts": ["missed_call"]}
NO_NETWORKS = parse_networks([])


def make(app, fields: dict, *, smtp: bool = True, user_id: int | None = None) -> AlertChannel:
    with app.app_context():
        return channels.add_channel(
            get_db(), 1, fields, ("cli", user_id, "en"), (NO_NETWORKS, smtp)
        )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"kind": "fax", "alerts": ["callback"]}, "bad_channel_kind"),
        ({"alerts": ["callback"]}, "bad_channel_kind"),
        (GOOD | {"alerts": []}, "bad_alerts"),
        (GOOD | {"alerts": ["everything"]}, "bad_alerts"),
        (GOOD | {"alerts": "callback"}, "bad_alerts"),
        (GOOD | {"digestMinutes": -1}, "bad_digest"),
        (GOOD | {"digestMinutes": 1441}, "bad_digest"),
        (GOOD | {"digestMinutes": True}, "bad_digest"),
        (GOOD | {"digestMinutes": "10"}, "bad_digest"),
        (GOOD | {"includePhoneNumbers": "yes"}, "bad_phone_setting"),
        (GOOD | {"secret": "x"}, "unknown_fields"),
        (GOOD | {"address": "owner@shop.example\r\nBcc: all@evil.example"}, "bad_address"),
        (GOOD | {"address": "Owner <owner@shop.example>"}, "bad_address"),
        (GOOD | {"address": "a@b"}, "bad_address"),
        (GOOD | {"address": "x" * 250 + "@shop.example"}, "bad_address"),
        (GOOD | {"address": None}, "bad_address"),
        (GOOD | {"address": "owner@shop.example,other@shop.example"}, "bad_address"),
        (
            {"kind": "telegram", "botToken": "abc", "chatId": "1", "alerts": ["budget"]},
            "bad_telegram",
        ),
        (
            {"kind": "telegram", "botToken": TOKEN, "chatId": "1; drop", "alerts": ["budget"]},
            "bad_telegram",
        ),
        (
            {"kind": "telegram", "botToken": TOKEN + "/../x", "chatId": "1", "alerts": ["budget"]},
            "bad_telegram",
        ),
        (
            {"kind": "telegram", "botToken": TOKEN, "chatId": 12, "alerts": ["budget"]},
            "bad_telegram",
        ),
    ],
)
def test_bad_channels_are_refused_and_nothing_is_kept(app, fields, code):
    with pytest.raises(AlertError) as refused:
        make(app, fields)
    assert refused.value.code == code
    with app.app_context():
        assert get_db().scalars(select(AlertChannel)).all() == []


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.example/services/T/B/x",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://2130706433/hook",
        "https://0177.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/hook",
        "javascript:alert(1)",
        "https://user:pw@127.0.0.1/hook",
    ],
)
def test_slack_urls_that_lead_inside_are_refused(app, url):
    with pytest.raises(UnsafeUrl):
        make(app, {"kind": "slack", "url": url, "alerts": ["callback"]})


def test_e_mail_alerts_need_an_smtp_server(app):
    with pytest.raises(AlertError) as refused:
        make(app, GOOD, smtp=False)
    assert refused.value.code == "smtp_not_set"


def test_secrets_are_sealed_shown_masked_and_the_change_audited(app):
    made = make(
        app, {"kind": "telegram", "botToken": TOKEN, "chatId": "-100123", "alerts": ["gateway"]}
    )
    with app.app_context():
        row = get_db().get(AlertChannel, made.id)
        assert TOKEN not in row.secret and row.label == "Telegram: -100123"
        event = get_db().scalar(select(AuditEvent).where(AuditEvent.action == "alert.create"))
        assert TOKEN not in str(event.details) and "Telegram: -100123" in str(event.details)


def test_the_kinds_are_kept_in_the_consoles_order(app):
    made = make(app, GOOD | {"alerts": ["webhook_failing", "callback", "missed_call"]})
    assert made.alerts == ["missed_call", "callback", "webhook_failing"]


def test_removing_a_channel_drops_its_unsent_alerts_and_only_in_its_workspaces(app):
    made = make(app, GOOD)
    with app.app_context():
        db = get_db()
        db.add(
            AlertMessage(
                channel_id=made.id, kind="missed_call", data="{}", status="pending", attempts=0
            )
        )
        db.commit()
        with pytest.raises(NotFound):
            channels.remove(db, made.id, [2], "cli")
        with pytest.raises(NotFound):
            channels.remove(db, 2**40, [1], "cli")
        channels.remove(db, made.id, [1], "cli")
        assert db.scalars(select(AlertMessage)).all() == []
        assert db.scalars(select(AlertChannel)).all() == []
