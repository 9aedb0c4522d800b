"""The API keys page with a key just made (shown once), and a webhook endpoint's delivery log
with a delivered, a failing and a waiting delivery, resent from the page; on a desktop and on
a phone (375 px) nothing is wider than the screen.

This file sorts before test_console.py, whose last test throttles logins from 127.0.0.1.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, insert

from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.db.models import utcnow
from tests.browser.console import log_in
from tests.databases import raw_engine

OWNER = "hooks-owner@example.test"
PASSWORD = "a webhook owner's long password"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 740}
URL = "https://crm.shop.example/hooks/callgate"


def delivery(event: str, minutes: int, status: str, code: int | None, **more) -> dict:
    """Return an outbox row `minutes` old, as the sender leaves it."""
    at = utcnow().replace(microsecond=0) - timedelta(minutes=minutes)
    data = {"buttonId": "shop-line", "callId": f"c-{minutes}"} | more.pop("data", {})
    body = {"type": event, "timestamp": at.isoformat(), "data": data}
    return {
        "message_id": f"msg_{minutes:024d}",
        "event_type": event,
        "body": json.dumps(body, separators=(",", ":")),
        "status": status,
        "created_at": at,
        "next_at": at + timedelta(minutes=minutes + 4),
        "tried_at": at + timedelta(seconds=2),
        "last_status": code,
        "last_error": None if code and code < 300 else f"HTTP {code}",
    } | more


@pytest.fixture
def endpoint(stack):
    """An endpoint of the default workspace with four deliveries; removed afterwards."""
    engine = raw_engine(stack.database_url)
    with engine.begin() as connection:
        made = connection.execute(
            insert(WebhookEndpoint).returning(WebhookEndpoint.id),
            {"workspace_id": 1, "url": URL, "events": ["call.ended", "callback.requested"]}
            | {"secret": "sealed", "created_by": "cli", "created_at": utcnow() - timedelta(days=3)}
            | {"failing_since": utcnow() - timedelta(minutes=9)},
        ).scalar_one()
        phone = {"phone": "+49 30 901820", "note": "After 3 pm"}
        rows = [
            delivery("call.started", 2, "pending", 500, attempts=2, latency_ms=412),
            delivery("callback.requested", 9, "failing", 503, attempts=14, latency_ms=1250)
            | {"body": json.dumps({"type": "callback.requested", "data": phone})},
            delivery("call.ended", 31, "delivered", 204, attempts=1, latency_ms=84),
            delivery("call.answered", 33, "delivered", 200, attempts=1, latency_ms=61),
        ]
        connection.execute(insert(WebhookMessage), [r | {"endpoint_id": made} for r in rows])
    yield made
    with engine.begin() as connection:
        connection.execute(delete(WebhookMessage).where(WebhookMessage.endpoint_id == made))
        connection.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == made))
    engine.dispose()


@pytest.fixture(scope="module")
def owner(stack) -> str:
    stack.flask(
        *("users", "create", "--email", OWNER, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    return OWNER


def width(page) -> list[int]:
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")


def test_keys_and_deliveries_look_right(browser, stack, owner, endpoint, screenshots):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in(page, stack.api, owner, PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.goto(f"{stack.api}/console/api-keys")
    page.get_by_label("Name", exact=True).fill("CRM sync")
    for scope in ("calls:read", "callbacks:read", "webhooks:write"):
        page.get_by_role("checkbox", name=scope, exact=True).check()
    page.get_by_role("button", name="Make key").click()
    expect(page.locator("#new-key")).to_contain_text("cg_")
    if screenshots:
        page.screenshot(path=screenshots / "console-apikeys.png", full_page=True)
    page.goto(f"{stack.api}/console/webhooks")
    page.get_by_role("button", name=f"Send them whole {URL}").click()
    expect(page.get_by_role("status")).to_contain_text("phone numbers whole")
    expect(page.locator('td[data-phones="whole"]')).to_contain_text("sent whole")
    if screenshots:
        page.screenshot(path=screenshots / "console-webhooks.png", full_page=True)
    page.get_by_role("button", name=f"Mask them {URL}").click()
    expect(page.locator('td[data-phones="masked"]')).to_be_visible()
    page.get_by_role("link", name=URL, exact=True).click()
    expect(page.get_by_role("heading", name="Deliveries")).to_be_visible()
    failing = page.locator('tr[data-status="failing"]')
    failing.locator("summary").click()
    expect(failing.locator("pre")).to_contain_text("•••20")
    if screenshots:
        page.screenshot(path=screenshots / "console-webhook-deliveries.png", full_page=True)
    assert width(page)[0] <= width(page)[1]
    failing.get_by_role("button", name="Resend").click()
    expect(page.get_by_role("status")).to_contain_text("queued again")
    expect(page.locator('tr[data-status="failing"]')).to_have_count(0)
    context.close()


def test_the_pages_fit_a_phone(browser, stack, owner, endpoint, screenshots):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, stack.api, owner, PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    widths = {}
    named = {"apikeys": "/console/api-keys", "webhooks": "/console/webhooks"}
    named["webhook-deliveries"] = f"/console/webhooks/{endpoint}"
    for name, path in named.items():
        page.goto(stack.api + path)
        widths[path] = width(page)
        if screenshots:
            page.screenshot(path=screenshots / f"console-{name}-phone.png", full_page=True)
    context.close()
    assert {path: w for path, w in widths.items() if w[0] > w[1]} == {}
