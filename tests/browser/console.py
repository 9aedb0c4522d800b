"""What a site owner does in the console, in the words of its pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

ADMIN = "owner@example.test"
PASSWORD = "browser test console password"


def log_in(page: Page, api: str, email: str = ADMIN, password: str = PASSWORD) -> None:
    """Open the login page, fill the form, submit it by keyboard and wait for the answer page."""
    page.goto(f"{api}/console/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    # Returning mid-navigation leaves no document to read for the caller's next evaluate().
    with page.expect_navigation(wait_until="load"):
        page.get_by_label("Password").press("Enter")


def fill_button_form(page: Page, fields: dict[str, str]) -> None:
    """Type each value into the editor field with that label."""
    for label, value in fields.items():
        page.get_by_role("textbox", name=label, exact=True).fill(value)


def preview_button(page: Page, name: str):
    """Return the widget's button called `name` inside the editor's preview frame."""
    return page.frame_locator("#preview-frame").get_by_role("button", name=name, exact=True)


def expect_saved_nothing(page: Page) -> None:
    """Check the editor says nothing was saved."""
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
