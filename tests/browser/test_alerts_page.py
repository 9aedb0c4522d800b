"""The console's alerts page with three channels (one of them failing) on a desktop and a phone,
a hostile webhook URL refused at the form; and an alert e-mail as a real SMTP server received
it, opened in Chromium. Each checked with axe.

This file sorts before test_console.py, whose last test throttles logins from 127.0.0.1.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, insert

from callgate.alerts import send
from callgate.alerts.render import render
from callgate.db.alerts import AlertChannel, AlertMessage
from callgate.db.models import utcnow
from tests.alerts.helpers import smtp_server
from tests.browser.console import log_in
from tests.browser.test_accessibility import axe_violations
from tests.databases import raw_engine

OWNER = "alerts-owner@example.test"
PASSWORD = "an alerts owner's long password"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def owner(stack) -> str:
    stack.flask(
        *("users", "create", "--email", OWNER, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    return OWNER


@pytest.fixture
def channels(stack):
    """Three channels of the default workspace (nothing queued for them); removed afterwards."""
    made = utcnow() - timedelta(days=2)
    base = {"workspace_id": 1, "created_by": "cli", "created_at": made, "language": "en"}
    base |= {
        "secret": None,
        "last_error": None,
        "failing_since": None,
        "include_phone_numbers": False,
    }
    rows = [
        base
        | {"kind": "email", "target": "sales@shop.example", "label": "e-mail: sales@shop.example"}
        | {"alerts": ["missed_call", "callback"], "digest_minutes": 30},
        base
        | {"kind": "slack", "target": "", "label": "Slack-compatible: hooks.slack.com"}
        | {
            "alerts": ["budget", "gateway", "webhook_failing"],
            "digest_minutes": 0,
            "secret": "sealed",
        }
        | {"last_error": "SendError: HTTP 404", "failing_since": utcnow() - timedelta(hours=1)},
        base
        | {"kind": "telegram", "target": "-100123456", "label": "Telegram: -100123456"}
        | {"alerts": ["callback"], "digest_minutes": 0, "secret": "sealed", "language": "ru"}
        | {"include_phone_numbers": True},
    ]
    engine = raw_engine(stack.database_url)
    with engine.begin() as connection:
        connection.execute(
            insert(AlertChannel), [{"include_phone_numbers": False} | r for r in rows]
        )
    yield
    with engine.begin() as connection:
        connection.execute(delete(AlertMessage))
        connection.execute(delete(AlertChannel))
    engine.dispose()


def width(page) -> list[int]:
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")


def test_the_alerts_page_on_a_desktop_and_a_phone(browser, stack, owner, channels, screenshots):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)  # axe is injected
    page = context.new_page()
    log_in(page, stack.api, owner, PASSWORD)
    page.goto(f"{stack.api}/console/alerts")
    expect(page.locator("#alerts tbody tr")).to_have_count(3)
    expect(page.locator('tr[data-kind="slack"] td.state')).to_contain_text("failing")
    expect(page.locator('tr[data-kind="slack"] td.state')).to_contain_text("HTTP 404")
    page.get_by_label("Send to").select_option("slack")
    page.get_by_label("Webhook URL").fill("https://169.254.169.254/latest/meta-data")
    page.get_by_role("checkbox", name="Missed calls").check()
    page.get_by_role("button", name="Add alert").click()
    expect(page.get_by_role("alert")).to_contain_text("169.254.169.254")
    expect(page.locator("#alerts tbody tr")).to_have_count(3)
    assert axe_violations(page) == []
    if screenshots:
        page.screenshot(path=screenshots / "console-alerts.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{stack.api}/console/alerts")
    if screenshots:
        page.screenshot(path=screenshots / "console-alerts-phone.png", full_page=True)
    sizes = width(page)
    context.close()
    assert sizes[0] <= sizes[1]


def test_an_alert_e_mail_as_received(browser, tmp_path, screenshots):
    channel = AlertChannel(
        language="en", include_phone_numbers=False, label="e-mail: sales@shop.example"
    )
    at = utcnow().replace(second=0, microsecond=0)
    alerts = [
        AlertMessage(
            kind="missed_call",
            created_at=at - timedelta(minutes=12),
            data='{"buttonId": "b1", "callId": "c-41", "finalStatus": "BUSY"}',
        ),
        AlertMessage(
            kind="missed_call",
            created_at=at - timedelta(minutes=3),
            data='{"buttonId": "b1", "callId": "c-42", "finalStatus": "FAILED"}',
        ),
    ]
    message = render(channel, alerts, {"b1": "Shop hotline"}, "https://callgate.shop.example")
    with smtp_server(tmp_path) as (settings, box):
        send.email(settings | {"SMTP_TLS": "starttls"}, "sales@shop.example", message)
    [(mail, _to, over_tls, _auth)] = box
    assert over_tls and mail["Subject"] == "2 alerts: Missed call on “Shop hotline” and more"
    context = browser.new_context(viewport={"width": 720, "height": 560})
    page = context.new_page()
    page.set_content(mail.get_body(("html",)).get_content())
    expect(page.get_by_role("link", name="Open in the console")).to_have_count(2)
    assert axe_violations(page) == []
    if screenshots:
        page.screenshot(path=screenshots / "alert-email.png", full_page=True)
    context.close()
