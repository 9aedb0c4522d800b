"""The console in Chromium: an owner invites an editor, who builds, previews, embeds and
watches a button; viewers, the kill switch, hostile names, CSRF and login throttling.

The tests share one stack and run in file order: the login-throttle test is last, since it
blocks the admin's logins from 127.0.0.1 in a new browser for fifteen minutes.
"""

from __future__ import annotations

import json
import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.console import (
    ADMIN,
    PASSWORD,
    expect_saved_nothing,
    fill_button_form,
    log_in,
    preview_button,
)
from tests.browser.stack import SIP
from tests.browser.widget import LONG, call_button, status, wait_until

INVITED = "invited@example.test"
EDITOR = "editor@example.test"
EDITOR_PASSWORD = "editor picks a long password"
PHONE = {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def owner(stack):
    """The installation's first admin, made with `flask users create`."""
    stack.flask(
        *("users", "create", "--email", ADMIN, "--role", "admin", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    return ADMIN


def make_user(stack, email: str, role: str) -> None:
    stack.flask(
        *("users", "create", "--email", email, "--role", role, "--password-stdin"),
        stdin=EDITOR_PASSWORD + "\n",
    )


@pytest.fixture(scope="module")
def shop(stack, owner) -> str:
    """An editor, and their button "Shop line" on the host page /shop; return its id."""
    make_user(stack, EDITOR, "editor")
    created = stack.flask(
        *(
            "button",
            "create",
            "--name",
            "Shop line",
            "--origin",
            stack.host,
            "--label",
            "Ring the shop",
        ),
        *("--callee", SIP["callee"], "--gateway-url", stack.gateway, "--sip-login", SIP["login"]),
        *("--sip-domain", "pbx.example.test", "--hours", "24/7", "--sip-password-stdin", "--json"),
        stdin=SIP["password"] + "\n",
    )
    button_id = json.loads(created)["id"]
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.routes["/shop"] = (pages.page(snippet), {})
    return button_id


@pytest.fixture
def console(browser, stack, owner):
    """Open pages in fresh contexts that may use the clipboard; close them afterwards."""
    contexts = []
    stack.control("/__dev/reset", {})

    def open_context(viewport: dict | None = None):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 860},
            permissions=["clipboard-read", "clipboard-write", "microphone"],
        )
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
        return page

    yield open_context
    for context in contexts:
        context.close()


def shoot(page, screenshots, name: str) -> None:
    if screenshots:
        page.bring_to_front()
        page.screenshot(path=screenshots / name)


def button_ids(stack) -> set[str]:
    return {b["id"] for b in json.loads(stack.flask("button", "list", "--json"))}


def invite_editor(page, stack) -> str:
    page.get_by_role("link", name="People").click()
    # Other tests of the shared stack add people, each with a role menu of their own.
    invite = page.get_by_role("region", name="Invite someone")
    invite.get_by_label("E-mail address").fill(INVITED)
    invite.get_by_label("Role").select_option("editor")
    invite.get_by_role("button", name="Make invitation link").click()
    link = page.locator("#invite-link").inner_text().strip()
    assert link.startswith(f"{stack.api}/console/link/")
    return link


def accept(page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome to Callgate")).to_be_visible()
    page.get_by_label("New password").fill(EDITOR_PASSWORD)
    page.get_by_label("The same again").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Save and log in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


def visitor_language(page, code: str):
    return page.get_by_role("group", name="Visitor language").get_by_role("button", name=code)


def new_button_fields(stack, **changes: str) -> dict[str, str]:
    fields = {
        "Name": "Front desk",
        "Allowed origins": stack.host,
        "Callee": SIP["callee"],
        "Gateway (WCS) URL": stack.gateway,
        "SIP login": SIP["login"],
        "SIP domain": "pbx.example.test",
        "SIP password": SIP["password"],
        "Hours": "24/7",
    }
    return fields | changes


def test_invite_build_preview_embed_call_and_see_it(console, stack, screenshots):
    admin = console()
    log_in(admin, stack.api)
    expect(admin.get_by_role("heading", name="Overview")).to_be_visible()
    link = invite_editor(admin, stack)

    page = console()
    accept(page, link)
    page.get_by_role("link", name="Buttons", exact=True).click()
    page.get_by_role("link", name="New button").first.click()
    before = button_ids(stack)
    bad = new_button_fields(stack, **{"Allowed origins": "ftp://shop.example.test"})
    fill_button_form(page, bad | {"Callee": "+1 900 555 0123"})
    page.get_by_role("button", name="Create button").click()
    expect_saved_nothing(page)
    expect(page.locator("#origins-error")).to_contain_text("must start with http:// or https://")
    expect(page.locator("#callee-error")).to_contain_text("special number (premium rate)")
    assert button_ids(stack) == before

    fill_button_form(page, new_button_fields(stack))
    typed = time.monotonic()
    page.get_by_label("Text on the button").fill("Ring the desk")
    expect(preview_button(page, "Ring the desk")).to_be_visible(timeout=LONG)
    print(f"typing to preview redrawn: {time.monotonic() - typed:.2f} s")
    page.get_by_label("Colour", exact=True).fill("#8a2be2")
    purple = ("background-color", "rgb(138, 43, 226)")
    expect(preview_button(page, "Ring the desk")).to_have_css(*purple, timeout=LONG)
    visitor_language(page, "RU").click()
    page.get_by_label("Text on the button").fill("")
    expect(preview_button(page, "Позвонить нам")).to_be_visible(timeout=LONG)
    page.get_by_label("Text on the button").fill("Ring the desk")
    visitor_language(page, "EN").click()
    expect(preview_button(page, "Ring the desk")).to_be_visible(timeout=LONG)
    shoot(page, screenshots, "console-editor.png")
    page.get_by_role("button", name="Phone").click()
    expect(page.locator("#frame-box")).to_have_class(re.compile("phone"))
    page.get_by_label("State").select_option("incall")
    frame = page.frame_locator("#preview-frame")
    expect(frame.get_by_role("button", name="Hang up")).to_be_visible(timeout=LONG)
    shoot(page, screenshots, "console-editor-phone-frame.png")
    page.get_by_label("State").select_option("idle")

    page.get_by_role("button", name="Create button").click()
    expect(page.get_by_text("Your button is ready")).to_be_visible()
    page.bring_to_front()
    page.get_by_role("button", name="Copy tag").click()
    # The copy is asynchronous: the clipboard holds the tag a moment after the click.
    snippet = wait_until(lambda: page.evaluate("navigator.clipboard.readText()"), timeout=10)
    assert snippet.startswith(f'<script async src="{stack.api}/widget.js" data-button="')
    [new_id] = button_ids(stack) - before
    assert new_id in snippet

    stack.routes["/desk"] = (pages.page(snippet), {})
    visitor = console()
    visitor.goto(stack.host + "/desk?utm_source=newsletter&utm_medium=email&utm_campaign=winter")
    call_button(visitor, "Ring the desk").click()
    expect(status(visitor)).to_have_text("In call", timeout=LONG)
    expect(visitor.locator("callgate-button .timer")).to_have_text(re.compile(r"0:0[2-9]"))
    visitor.get_by_role("button", name="Hang up").click()
    expect(status(visitor)).to_have_text("Call ended")

    page.get_by_role("link", name="Calls").click()
    row = page.locator('tr[data-kind="call"]').first
    expect(row).to_contain_text("Front desk")
    row.get_by_role("link", name="winter").click()
    expect(page.get_by_label("Campaign")).to_have_value("winter")
    expect(page.locator('tr[data-kind="call"]')).to_have_count(1)
    shoot(page, screenshots, "console-calls-campaign.png")
    row = page.locator('tr[data-kind="call"]').first
    row.get_by_role("link", name="Details").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    wait_until(lambda: page.reload() or page.locator('[data-what="end"]').count())
    for step in ("token", "connect", "call", "CallStatusEvent", "end"):
        expect(page.locator(f'[data-what="{step}"]').first).to_be_visible()
    shoot(page, screenshots, "console-call.png")

    page.get_by_role("link", name="Overview").click()
    expect(page.locator('[data-figure="answered"] .value')).not_to_have_text("0")
    assert int(page.locator("g.day.today").get_attribute("data-total")) >= 1
    expect(page.locator("#pages-h + div")).to_contain_text("/desk")
    expect(page.locator("#campaigns-h + div")).to_contain_text("newsletter / email")
    if screenshots:
        sources = page.locator("section", has=page.locator("#pages-h")).locator("..")
        sources.screenshot(path=screenshots / "console-overview-sources.png")
    shoot(page, screenshots, "console-overview.png")
    phone = console(PHONE)
    log_in(phone, stack.api, INVITED, EDITOR_PASSWORD)
    shoot(phone, screenshots, "console-overview-phone.png")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_call_from_a_page_not_allowed_shows_in_the_log_with_its_reason(console, stack, shop):
    button_id = shop
    stranger = console()
    stranger.goto(stack.stranger + "/")
    # What a script on another site does to get a call token for someone else's button.
    answer = stranger.evaluate(
        """async (url) => (await fetch(url, {method: 'POST'}).catch(() => ({status: 0}))).status""",
        f"{stack.api}/api/v1/buttons/{button_id}/token",
    )
    assert answer in (0, 403)  # the browser hides the 403 from a page it did not allow
    page = console()
    log_in(page, stack.api, EDITOR, EDITOR_PASSWORD)
    page.goto(f"{stack.api}/console/calls?outcome=refused&button={button_id}")
    row = page.locator('tr[data-kind="attempt"]').first
    expect(row).to_contain_text("origin not allowed")
    row.get_by_role("link", name="Details").click()
    expect(page.get_by_role("heading", name="Refused: origin not allowed")).to_be_visible()
    expect(page.get_by_text("this site is not allowed to use this button")).to_be_visible()


def test_a_viewer_sees_but_cannot_change_anything(console, stack, shop):
    make_user(stack, "viewer@example.test", "viewer")
    page = console()
    log_in(page, stack.api, "viewer@example.test", EDITOR_PASSWORD)
    page.get_by_role("link", name="Buttons", exact=True).click()
    expect(page.get_by_role("link", name="New button")).to_have_count(0)
    page.get_by_role("link", name="Shop line").click()
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Save button")).to_have_count(0)
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    answer = page.request.post(
        page.url, form={"csrf_token": token, "name": "Taken over", "workspace": "1"}
    )
    assert answer.status == 403
    page.get_by_role("link", name="Kill switch").click()
    expect(page.get_by_role("button", name=re.compile("Stop"))).to_have_count(0)


def test_a_callback_request_left_on_a_host_page_is_worked_off_in_the_console(
    console, stack, shop, screenshots, tmp_path
):
    stack.flask("button", "update", shop, "--callback")
    stack.give_back_callback_allowance()
    host = console()
    host.goto(stack.host + "/shop")
    # What the widget's callback form sends, from the page that carries the button.
    sent = host.evaluate(
        """async ([url, body]) => (await fetch(url, {method: 'POST', body})).status""",
        [
            f"{stack.api}/api/v1/buttons/{shop}/callbacks",
            json.dumps({"phone": "+49 30 901820", "note": "After 3 pm, please"}),
        ],
    )
    assert sent in (200, 201)
    page = console()
    log_in(page, stack.api, EDITOR, EDITOR_PASSWORD)
    page.get_by_role("link", name="Callbacks").click()
    row = page.locator("#callbacks tbody tr").first
    expect(row).to_contain_text("+4930901820")
    expect(row).to_contain_text("After 3 pm, please")
    page.screenshot(path=tmp_path / "console-callbacks.png")
    shoot(page, screenshots, "console-callbacks.png")
    row.get_by_role("button", name=re.compile("Mark called back")).click()
    expect(page.locator("#callbacks tbody tr").first).to_have_attribute("data-status", "done")
    stack.flask("button", "update", shop, "--no-callback")
    stack.give_back_callback_allowance()


def test_the_kill_switch_set_in_the_console_refuses_the_next_call(console, stack, shop):
    page = console()
    log_in(page, stack.api, EDITOR, EDITOR_PASSWORD)
    page.get_by_role("link", name="Kill switch").click()
    page.get_by_role("button", name="Stop calls · Shop line").click()
    expect(page.get_by_role("heading", name="Stop calls of “Shop line”?")).to_be_visible()
    page.get_by_role("button", name="Yes, stop calls").press("Enter")
    expect(page.get_by_text("Calls are stopped.")).to_be_visible()
    visitor = console()
    visitor.goto(stack.host + "/shop")
    call_button(visitor, "Ring the shop").click()
    expect(status(visitor)).to_have_text("Calls are not available right now", timeout=LONG)
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0
    page.get_by_role("button", name="Allow calls · Shop line").click()
    page.get_by_role("button", name="Yes, allow calls").click()
    expect(page.get_by_text("Calls are allowed again.")).to_be_visible()


HOSTILE = ('<script>alert("name")</script>', '"><img src=x onerror=alert(1)>')


def test_names_and_texts_holding_markup_render_as_text(console, stack, shop):
    page = console()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security" in message.text else None
        ),
    )
    log_in(page, stack.api, EDITOR, EDITOR_PASSWORD)
    for name in HOSTILE:
        page.goto(f"{stack.api}/console/buttons/new")
        fill_button_form(page, new_button_fields(stack, Name=name, **{"Closed message": name}))
        page.get_by_role("textbox", name="Text on the button", exact=True).fill(name[:60])
        page.get_by_role("button", name="Create button").click()
        expect(page.get_by_text("Your button is ready")).to_be_visible()
    for path in ("/console/buttons", "/console/", "/console/killswitch"):
        page.goto(stack.api + path)
        for name in HOSTILE:
            expect(page.get_by_text(name, exact=True).first).to_be_visible()
        assert page.locator("main img, main script").count() == 0
    assert violations == []


def test_a_post_without_a_csrf_token_is_refused(console, stack, shop):
    page = console()
    log_in(page, stack.api, EDITOR, EDITOR_PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    before = button_ids(stack)
    answer = page.request.post(
        f"{stack.api}/console/buttons/new", form=dict(name="No token", workspace="1")
    )
    assert answer.status == 400
    assert "Reload the page" in answer.text()
    assert button_ids(stack) == before


def test_pending_links_are_replaced_listed_and_revoked(console, stack, screenshots, tmp_path):
    page = console()
    log_in(page, stack.api)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    links = []
    for role in ("viewer", "editor"):
        page.get_by_role("link", name="People").click()
        form = page.get_by_role("region", name="Invite someone")
        form.get_by_label("E-mail address").fill("pending@example.test")
        form.get_by_label("Role").select_option(role)
        form.get_by_role("button", name="Make invitation link").click()
        links.append(page.locator("#invite-link").inner_text().strip())
    expect(page.get_by_role("status").filter(has_text="was replaced")).to_contain_text(
        "The earlier invitation for pending@example.test was replaced"
    )
    table = page.get_by_role("table").filter(has_text="pending@example.test")
    expect(table).to_contain_text("invitation · editor")
    expect(table).to_contain_text(ADMIN)
    page.screenshot(path=tmp_path / "console-pending-links.png", full_page=True)
    shoot(page, screenshots, "console-pending-links.png")
    guest = console()
    guest.goto(links[0])
    expect(guest.get_by_role("heading", name="This link does not work")).to_be_visible()
    expect(guest.get_by_text("A newer link was made for this person")).to_be_visible()
    page.get_by_role("button", name="Revoke · pending@example.test").click()
    expect(page.get_by_role("status")).to_contain_text("was revoked: it no longer works")
    guest.goto(links[1])
    expect(guest.get_by_text("An admin revoked this link")).to_be_visible()
    # Chromium captures only the page in front: the admin's page was, for the revoke.
    guest.bring_to_front()
    guest.screenshot(path=tmp_path / "console-link-revoked.png")
    shoot(guest, screenshots, "console-link-revoked.png")
    guest.get_by_role("link", name="Go to the login").click()
    expect(guest.get_by_role("heading", name="Log in to the console")).to_be_visible()


def test_the_second_factor_goes_off_only_with_the_password(
    console, stack, shop, screenshots, tmp_path
):
    page = console()
    log_in(page, stack.api, EDITOR, EDITOR_PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.goto(f"{stack.api}/console/account/2fa")
    secret = page.locator("p.secret code").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("status")).to_contain_text("Second factor is on")
    page.goto(f"{stack.api}/console/account")
    page.get_by_role("button", name="Turn off").click()
    expect(page.locator("[id='2fa-error']")).to_have_text(
        "Type your password or a current code from your app to turn it off."
    )
    page.screenshot(path=tmp_path / "console-2fa-off.png")
    shoot(page, screenshots, "console-2fa-off.png")
    page.get_by_label("Your password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_role("link", name="Set up a second factor")).to_be_visible()


def test_the_sixth_wrong_password_gets_429(console, stack, screenshots, tmp_path):
    page = console()
    for attempt in range(1, 6):
        log_in(page, stack.api, ADMIN, f"wrong password {attempt}")
        expect(page.get_by_text("Wrong e-mail address or password.")).to_be_visible()
    posted = lambda r: r.url.endswith("/console/login") and r.request.method == "POST"  # noqa: E731
    with page.expect_response(posted) as sixth:
        log_in(page, stack.api, ADMIN, PASSWORD)
    assert sixth.value.status == 429
    assert 0 < int(sixth.value.headers["retry-after"]) <= 900
    # Said in minutes, on the login form itself (not a page whose way back is this lockout).
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"Try again in 1[45] minutes, at \d\d:\d\d UTC\."))
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_text("Any admin of this installation can make you")).to_be_visible()
    page.screenshot(path=tmp_path / "console-lockout.png")
    shoot(page, screenshots, "console-lockout.png")
