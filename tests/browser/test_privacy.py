"""The Privacy page in Chromium: an admin sees the retention periods, finds a visitor's
callback request by number, confirms, and the request is gone (screenshots looked at)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.console import log_in

# Erasure end to end on each database (the other browser tests run on SQLite only).
pytestmark = pytest.mark.postgresql_also

ADMIN = "privacy-admin@example.test"
PASSWORD = "privacy admin long password"
NUMBER = "+493012345678"


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
    expect(page.get_by_role("row", name="Callback requests")).to_contain_text("90 days")
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
