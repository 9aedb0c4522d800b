"""Alerts reach the owner through real parts: a callback request becomes an e-mail at a local
SMTP server (over STARTTLS, with a password) and chat messages at a local HTTP receiver
(Slack-compatible and Telegram's Bot API), sent by the watchdog's lease holder; digests,
retries and a server without STARTTLS."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from callgate.addresses import parse_networks
from callgate.alerts import channels
from callgate.alerts.deliver import deliver_due
from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.alerts import AlertChannel, AlertMessage
from callgate.db.models import utcnow
from tests.alerts.helpers import smtp_server
from tests.data import ORIGIN
from tests.webhooks.helpers import receiving

ONCE = ["calls", "watchdog", "--once"]
LOOPBACK = ["127.0.0.1/32"]
TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ"


@pytest.fixture
def smtp(tmp_path):
    with smtp_server(tmp_path) as found:
        yield found


def add(app, fields: dict, language: str = "en", user_id: int | None = None) -> int:
    """Add a channel of workspace 1; return its id."""
    with app.app_context():
        made = channels.add_channel(
            get_db(), 1, fields, ("cli", user_id, language), (parse_networks(LOOPBACK), True)
        )
        return made.id


def ask_callback(client, button_id: str, phone: str = "+49 30 901820", note: str = "") -> None:
    body = json.dumps({"phone": phone, "note": note or None})
    headers = {"Origin": ORIGIN, "Content-Type": "text/plain"}
    answer = client.post(f"/api/v1/buttons/{button_id}/callbacks", data=body, headers=headers)
    assert answer.status_code in (200, 201), answer.get_json()


def test_a_callback_request_reaches_the_owner_by_mail_and_chat(make_app, button, smtp, tmp_path):
    settings, box = smtp
    app = make_app(
        WEBHOOK_ALLOW_CIDRS=LOOPBACK, PUBLIC_URL="https://callgate.shop.example", **settings
    )
    with receiving() as (url, chat), app.app_context():
        update_button(get_db(), button.id, {"callback": True})
        base = url.rsplit("/hooks/in", 1)[0]
        app.config["TELEGRAM_API"] = base
        add(app, {"kind": "email", "address": "owner@shop.example", "alerts": ["callback"]})
        add(app, {"kind": "slack", "url": url, "alerts": ["callback", "missed_call"]})
        add(
            app,
            {"kind": "telegram", "botToken": TOKEN, "chatId": "-1001234", "alerts": ["callback"]},
            language="ru",
        )
        ask_callback(app.test_client(), button.id, note='<script>alert(1)</script> "soon"')
        assert deliver_due(get_db(), utcnow(), app.config, parse_networks(LOOPBACK)) == 3
    [(mail, to, over_tls, logged_in)] = box
    assert (to, over_tls, logged_in) == (["owner@shop.example"], True, True)
    assert mail["Subject"] == f"Callback request on “{button.name}”"
    text = mail.get_body(("plain",)).get_content()
    assert "•••20 asked" in text and "+4930901820" not in text  # masked: not asked for whole
    assert "https://callgate.shop.example/console/callbacks" in text
    page = mail.get_body(("html",)).get_content()
    assert "&lt;script&gt;" in page and "<script>" not in page
    paths = sorted(path for path, _headers, _body in chat)
    assert paths == [f"/bot{TOKEN}/sendMessage", "/hooks/in"]
    said = {path: json.loads(body) for path, _headers, body in chat}
    assert said["/hooks/in"]["text"].startswith(f"*Callback request on “{button.name}”*")
    telegram = said[f"/bot{TOKEN}/sendMessage"]
    assert telegram["chat_id"] == "-1001234"
    assert telegram["text"].startswith(f"Просьба перезвонить на «{button.name}»")
    with app.app_context():
        statuses = get_db().scalars(select(AlertMessage.status)).all()
        assert statuses == ["sent", "sent", "sent"]


def test_the_watchdog_lease_holder_sends_them(make_app, app, button, wcs_rest, smtp):
    """The loop as it runs: a visitor's request, `flask calls watchdog --once`, mail and chat."""
    settings, box = smtp
    runner = make_app(WCS_API_URL=wcs_rest.url, WEBHOOK_ALLOW_CIDRS=LOOPBACK, **settings)
    with receiving() as (url, chat):
        add(app, {"kind": "email", "address": "owner@shop.example", "alerts": ["callback"]})
        add(app, {"kind": "slack", "url": url, "alerts": ["callback"]})
        with app.app_context():
            update_button(get_db(), button.id, {"callback": True})
        ask_callback(app.test_client(), button.id)
        assert box == [] and chat == []  # nothing is sent from the visitor's request
        result = runner.test_cli_runner().invoke(args=ONCE)
        assert result.exit_code == 0, result.output
    assert [mail["Subject"] for mail, *_ in box] == [f"Callback request on “{button.name}”"]
    [(_path, _headers, body)] = chat
    assert json.loads(body)["text"].startswith(f"*Callback request on “{button.name}”*")


def test_a_digest_sends_one_message_per_interval_with_every_alert(app, button, smtp):
    settings, box = smtp
    app.config.update(settings)
    fields = {"kind": "email", "address": "o@shop.example", "alerts": ["callback"]}
    add(app, fields | {"digestMinutes": 10})
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    client = app.test_client()
    ask_callback(client, button.id, "+49 30 901821")
    now = utcnow()
    with app.app_context():
        deliver_due(get_db(), now, app.config, [])
        assert len(box) == 1
        for number in ("+49 30 901822", "+49 30 901823"):
            ask_callback(client, button.id, number)
        deliver_due(get_db(), now + timedelta(minutes=5), app.config, [])
        assert len(box) == 1  # held back: the last message went 5 minutes ago
        deliver_due(get_db(), now + timedelta(minutes=10, seconds=1), app.config, [])
    assert len(box) == 2
    digest = box[1][0]
    assert digest["Subject"].startswith("2 alerts: Callback request")
    body = digest.get_body(("plain",)).get_content()
    assert "•••22" in body and "•••23" in body


def test_a_failed_send_is_tried_again_then_given_up_after_a_day(app, button):
    with receiving(500) as (url, chat):
        channel = add(app, {"kind": "slack", "url": url, "alerts": ["callback"]})
        app.config["WEBHOOK_ALLOW_CIDRS"] = LOOPBACK
        with app.app_context():
            update_button(get_db(), button.id, {"callback": True})
            ask_callback(app.test_client(), button.id)
            now, db = utcnow(), get_db()
            deliver_due(db, now, app.config, parse_networks(LOOPBACK))
            alert = db.scalar(select(AlertMessage))
            assert (alert.status, alert.attempts, alert.last_error) == (
                "pending",
                1,
                "SendError: HTTP 500",
            )
            assert alert.next_at == now + timedelta(seconds=30)
            deliver_due(db, now + timedelta(hours=24), app.config, parse_networks(LOOPBACK))
            db.refresh(alert)
            assert alert.status == "failing"
            assert db.get(AlertChannel, channel).failing_since is not None
    assert len(chat) == 2


def test_a_server_without_starttls_gets_nothing(app, button, tmp_path):
    with smtp_server(tmp_path, starttls=False) as (settings, box):
        app.config.update(settings)
        add(app, {"kind": "email", "address": "o@shop.example", "alerts": ["callback"]})
        with app.app_context():
            update_button(get_db(), button.id, {"callback": True})
            ask_callback(app.test_client(), button.id)
            deliver_due(get_db(), utcnow(), app.config, [])
            alert = get_db().scalar(select(AlertMessage))
            assert alert.status == "pending" and "STARTTLS" in alert.last_error
    assert box == []


def test_a_person_gets_their_own_alerts_at_their_address(app, button, smtp):
    from callgate.accounts import users

    settings, box = smtp
    app.config.update(settings)
    with app.app_context():
        person = users.create(get_db(), "agent@shop.example", "admin", "a-long-password-1")
        get_db().commit()
        person_id = person.id
        update_button(get_db(), button.id, {"callback": True})
    add(app, {"kind": "email", "alerts": ["callback"]}, user_id=person_id)
    ask_callback(app.test_client(), button.id)
    with app.app_context():
        deliver_due(get_db(), utcnow(), app.config, [])
    assert [to for _mail, to, _tls, _auth in box] == [["agent@shop.example"]]
