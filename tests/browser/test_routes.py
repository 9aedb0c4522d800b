"""Routes and caller context in Chromium through the dev gateway: the visitor picks Support,
gives a name full of SIP delimiters, and the INVITE goes to Support's callee with a safe display
name and the X-Callgate headers; a closed route cannot be picked; axe finds nothing."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.stack import SIP
from tests.browser.test_accessibility import axe_violations, clean_page
from tests.browser.widget import call_button, status, wait_until

# Routes and context end to end on each database (the other browser tests run on SQLite only).
pytestmark = pytest.mark.postgresql_also

HOSTILE = 'Ann "<sip:evil@example.net>";\u2028Lee\\'


def last_call(stack) -> dict:
    calls = stack.control("/__dev/stats")["calls"]
    return calls[-1] if calls else {}


def test_pick_support_with_a_hostile_name_reaches_the_invite_safely(
    make_page, stack, routed, screenshots
):
    page = make_page("/routes?utm_source=mail#frag")
    call_button(page).click()
    picker = page.get_by_role("group", name="Who would you like to talk to?")
    expect(picker).to_be_visible()
    expect(page.get_by_role("radio", name="Sales")).to_be_focused()
    expect(page.get_by_role("radio", name="Night (closed now)")).to_be_disabled()
    page.get_by_role("radio", name="Support").check()
    page.get_by_label("Your name (optional)").fill(HOSTILE)
    if screenshots:
        page.screenshot(path=screenshots / "route-picker.png")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Call", exact=True).click()
    page.get_by_role("button", name="Accept and call").click()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    call = wait_until(lambda: last_call(stack).get("inviteMessage") and last_call(stack))
    lines = call["inviteMessage"].split("\r\n")
    assert lines[0] == "INVITE sip:7003@pbx.example.test SIP/2.0"
    assert lines[1] == f'From: "Ann sip:evil@example.net Lee" <sip:{SIP["login"]}@pbx.example.test>'
    assert lines[3:] == [
        f"X-Callgate-Call: {call['callId']}",
        f"X-Callgate-Button: {routed['id']}",
        "X-Callgate-Route: Support",
        "X-Callgate-Page: /routes",
        "X-Callgate-Record: yes",
    ]
    assert call["refusedHeaders"] == []
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


def test_a_closed_route_cannot_be_picked_by_keyboard(make_page, stack, routed):
    page = make_page("/routes")
    call_button(page).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name="Sales")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Support")).to_be_checked()
    page.keyboard.press("ArrowDown")  # skips the closed Night, wraps to Sales
    expect(page.get_by_role("radio", name="Night (closed now)")).not_to_be_checked()
    page.keyboard.press("Escape")
    expect(call_button(page)).to_be_focused()


def test_the_phone_sheet_shows_the_picker_with_large_targets(browser, stack, routed, screenshots):
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, permissions=["microphone"], has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(stack.host + "/routes")
        call_button(page).tap()
        expect(page.get_by_role("group", name="Who would you like to talk to?")).to_be_visible()
        for label in ("Sales", "Support"):
            box = page.locator("label.choice", has_text=label).bounding_box()
            assert box["height"] >= 44, box
        if screenshots:
            page.screenshot(path=screenshots / "route-picker-phone.png")
    finally:
        context.close()


def config_of(stack, button_id: str, lang: str) -> dict:
    request = urllib.request.Request(
        f"{stack.api}/api/v1/buttons/{button_id}?lang={lang}", headers={"Origin": stack.host}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_picker_has_no_axe_violations_in_either_language(make_page, stack, routed, lang):
    config = config_of(stack, routed["id"], lang)
    assert [r["open"] for r in config["routes"]] == [True, True, False]
    data = json.dumps(config | {"previewState": "pick"}).replace("</", "<\\/")
    markup = (
        f'<script type="application/json" id="cfg">{data}</script>'
        f'<script async src="{stack.api}/widget.js" data-button="a11y" data-preview="cfg"></script>'
    )
    stack.routes[f"/a11y/pick/{lang}"] = (clean_page(markup, lang), {})
    page = make_page(f"/a11y/pick/{lang}")
    page.wait_for_function("window.__states.length > 0")
    closed = "Ночь (сейчас закрыто)" if lang == "ru" else "Night (closed now)"
    expect(page.get_by_role("radio", name=closed)).to_be_disabled()
    assert axe_violations(page) == []


REASONS = (
    "window.__reasons = [];"
    "document.addEventListener('callgate:state', e => window.__reasons.push("
    "e.detail.state + ':' + (e.detail.reason || '')))"
)


def invites(stack) -> list[str]:
    """Return the first line of each INVITE the gateway sent, oldest first."""
    calls = stack.control("/__dev/stats")["calls"]
    return [c["inviteMessage"].split("\r\n")[0] for c in calls if c.get("inviteMessage")]


@pytest.fixture
def ring_time(stack, routed):
    """Set Support's ring time for one test; put back its 20 s after."""
    update = ("button", "route", "update", routed["id"], routed["support"], "--ring-time")
    yield lambda seconds: stack.flask(*update, str(seconds))
    stack.flask(*update, "20")


@pytest.mark.parametrize("far_side", ["busy", "unanswered"])
def test_a_busy_or_unanswered_support_overflows_once_to_sales(
    make_page, stack, routed, ring_time, screenshots, far_side
):
    stack.control("/__dev/faults", {"callee_outcomes": {"7003": far_side}})
    ring_time(5)  # the shortest a route may ring
    page = make_page("/routes", listen=lambda page: page.add_init_script(REASONS))
    call_button(page).click()
    page.get_by_role("radio", name="Support").check()
    page.get_by_role("button", name="Call", exact=True).click()
    page.get_by_role("button", name="Accept and call").click()
    # The notice shows while the second leg sets up, a moment the page's record keeps for sure
    # (the preview test below reads its words).
    page.wait_for_function("window.__reasons.includes('connecting:overflow')", timeout=20_000)
    if screenshots:
        page.screenshot(path=screenshots / f"overflow-{far_side}.png")
    expect(status(page)).to_have_text("In call", timeout=20_000)
    seen = page.evaluate("window.__reasons")
    assert seen[-4:] == ["ringing:", "connecting:overflow", "ringing:", "incall:"], seen
    assert invites(stack)[-2:] == [
        "INVITE sip:7003@pbx.example.test SIP/2.0",
        "INVITE sip:7002@pbx.example.test SIP/2.0",
    ]
    assert "X-Callgate-Route: Sales" in last_call(stack)["inviteMessage"]
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_overflow_notice_has_no_axe_violations_in_either_language(
    make_page, stack, routed, lang
):
    config = config_of(stack, routed["id"], lang)
    shown = {"previewState": "connecting", "previewReason": "overflow"}
    data = json.dumps(config | shown).replace("</", "<\\/")
    markup = (
        f'<script type="application/json" id="cfg">{data}</script>'
        f'<script async src="{stack.api}/widget.js" data-button="a11y" data-preview="cfg"></script>'
    )
    stack.routes[f"/a11y/overflow/{lang}"] = (clean_page(markup, lang), {})
    page = make_page(f"/a11y/overflow/{lang}")
    notice = config["texts"]["overflow"]
    assert notice.startswith("Там никто" if lang == "ru" else "Nobody could")
    expect(status(page)).to_have_text(notice)
    assert axe_violations(page) == []
