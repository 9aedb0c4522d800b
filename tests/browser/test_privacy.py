"""The Privacy page in Chromium: an admin sees the retention periods, finds a visitor's
callback request by number, confirms, and the request is gone (screenshots looked at)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.console import log_in

# Erasure end to end on each database (the other browser tests run on SQLite only).
pytestmark = pytest.mark.postgresql_also

ADMIN = "privacy-admin@example.test"
PASSWORD = "privacy admin long password"
NUMBER = "+493012345678"
HELPER = "privacy-helper@example.test"
#: The kinds of rows whose reasons name no button or key (whose names may be English).
KINDS = ("account", "erasure", "button.update")
#: Words of the English reasons of changes, account changes and erasures.
ENGLISH = re.compile(
    r"\b(?:created|changed|deleted|disabled|enabled|removed|issued|revoked|erased|found|kill)\b"
    r"|\b(?:user|role|password|second factor|invitation|button|settings|data|switch|key)\b",
    re.IGNORECASE,
)


def test_an_admin_erases_a_visitor_s_number_after_confirming(
    make_page, stack, button_settings, screenshots, tmp_path
):
    stack.flask(
        *("users", "create", "--email", ADMIN, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    button_settings("--callback")
    page = make_page()
    stack.give_back_callback_allowance()
    left = page.request.post(
        f"{stack.api}/api/v1/buttons/{stack.button_id}/callbacks",
        data=json.dumps({"phone": NUMBER, "note": "Please call after six"}),
        headers={"Origin": stack.host},
    )
    assert left.status == 201
    log_in(page, stack.api, ADMIN, PASSWORD)
    page.get_by_role("link", name="Privacy", exact=True).click()
    expect(page.get_by_role("heading", name="How long visitors' data is kept")).to_be_visible()
    expect(page.get_by_role("row", name="Callback requests: number")).to_contain_text("90 days")
    webhooks = page.get_by_role("row", name="Webhook messages")
    expect(webhooks).to_contain_text("90 days")
    expect(webhooks).to_contain_text("CALLGATE_RETENTION_DAYS_CALLBACKS")
    page.screenshot(path=tmp_path / "console-privacy.png", full_page=True)
    if screenshots:
        page.screenshot(path=screenshots / "console-privacy.png", full_page=True)
    page.get_by_label("Phone number").fill("+49 30 12345678")
    page.get_by_role("button", name="Find the data to erase").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Callback requests with this number: 1.")
    page.screenshot(path=tmp_path / "console-privacy-confirm.png")
    dialog.get_by_role("button", name="Yes, erase").click()
    expect(page.get_by_role("status")).to_contain_text("Erased: 2 rows changed.")
    assert NUMBER not in page.url
    page.get_by_role("link", name="Callbacks").click()
    expect(page.get_by_text("Please call after six")).to_have_count(0)
    changes_read_in_russian(page, stack, screenshots, tmp_path)


def changes_read_in_russian(page, stack, screenshots, tmp_path) -> None:
    """Account changes, a button's and the erasure read in Russian on the audit page."""
    stack.flask(
        *("users", "create", "--email", HELPER, "--role", "viewer", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    for args in (("disable", HELPER), ("enable", HELPER), ("reset-2fa", HELPER)):
        stack.flask("users", *args)
    stack.flask("users", "set-role", HELPER, "--role", "editor")
    stack.flask("users", "invite", "privacy-invited@example.test", "--role", "viewer")
    page.locator('button[name="language"][value="ru"]').click()
    page.goto(f"{stack.api}/console/audit?kind=changes")
    for action in KINDS:
        expect(page.locator(f'tr[data-action="{action}"] .said').first).to_be_visible()
    rows = ", ".join(f'#audit tr[data-action="{action}"] .said' for action in KINDS)
    said = page.locator(rows).all_inner_texts()
    assert said and [text for text in said if ENGLISH.search(text)] == [], said
    assert all(re.search("[а-яё]", text) for text in said), said
    page.screenshot(path=tmp_path / "console-audit-ru.png", full_page=True)
    if screenshots:
        page.screenshot(path=screenshots / "console-audit-ru.png", full_page=True)
