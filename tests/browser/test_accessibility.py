"""Phones and assistive technology: axe-core finds nothing in any state in either language,
focus moves into the panel and back, Escape closes it, and phones get a bottom sheet."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.stack import ROOT
from tests.browser.widget import call_button, public_config, start_call, status

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STATES = ["idle", "connecting", "ringing", "incall", "reconnecting", "ended", "rated", "failed"]
STATES += ["closed", "consent", "callback", "callbacksent"]
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
}"""


def axe_violations(page) -> list[str]:
    """Inject axe-core (a test tool: the app never serves it) and return what it finds."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def clean_page(body: str, lang: str) -> bytes:
    """A host page that is itself accessible, so axe judges only the button."""
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Host page</title></head><body><main><h1>Host page</h1><p>Some content.</p>"
        f"</main>{body}</body></html>"
    ).encode()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_state_has_no_axe_violations(make_page, stack, lang):
    config = public_config(stack, lang) | {
        "consent": "Calls are recorded." if lang == "en" else "Звонки записываются.",
        "callback": True,
        "rating": True,
        "dtmf": True,
        "fallback": "tel:+493012345678",
    }
    found = {}
    for state in STATES:
        data = json.dumps(config | {"previewState": state}).replace("</", "<\\/")
        markup = (
            f'<script type="application/json" id="cfg">{data}</script>'
            f'<script async src="{stack.api}/widget.js" data-button="a11y" '
            'data-preview="cfg"></script>'
        )
        stack.routes[f"/a11y/{lang}/{state}"] = (clean_page(markup, lang), {})
        page = make_page(f"/a11y/{lang}/{state}")
        page.wait_for_function("window.__states.length > 0")
        found[state] = axe_violations(page)
        page.close()
    assert found == {state: [] for state in STATES}


def test_a_real_call_has_no_axe_violations_connecting_in_call_and_rated(
    make_page, stack, button_settings
):
    button_settings("--rating")
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{stack.button_id}"></script>'
    stack.routes["/a11y/call"] = (clean_page(snippet, "en"), {})
    page = make_page("/a11y/call")
    assert axe_violations(page) == []
    start_call(page)
    page.wait_for_timeout(1500)  # the quality line appears after the first samples
    assert axe_violations(page) == []
    page.get_by_role("button", name="Hang up").click()
    page.get_by_role("button", name="5 out of 5").click()
    page.get_by_role("button", name="Send").click()
    expect(status(page)).to_have_text("Thank you for your feedback!")
    assert axe_violations(page) == []


def test_focus_moves_into_the_panel_and_back_and_escape_closes_it(
    make_page, stack, button_settings
):
    button_settings("--consent-text", "Calls are recorded.")
    page = make_page()
    call_button(page).focus()
    page.keyboard.press("Enter")
    accept = page.get_by_role("button", name="Accept and call")
    expect(accept).to_be_focused()
    page.keyboard.press("Escape")
    expect(accept).to_be_hidden()
    expect(call_button(page)).to_be_focused()
    assert page.evaluate("window.__states") == ["consent", "idle"]
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # accepts the notice: the call starts
    expect(page.get_by_role("button", name="Hang up")).to_be_focused(timeout=10_000)
    expect(status(page)).to_have_text("In call", timeout=20_000)
    page.keyboard.press("Escape")  # never hangs up
    expect(status(page)).to_have_text("In call")
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Call ended")
    expect(call_button(page, "Call again")).to_be_focused()


def test_phones_get_a_bottom_sheet_with_large_targets(browser, stack, button_settings, screenshots):
    button_settings("--consent-text", "Calls are recorded for training.", "--callback")
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, permissions=["microphone"], has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(stack.host + "/")
        button = call_button(page)
        expect(button).to_be_visible()
        if screenshots:
            page.screenshot(path=screenshots / "phone-button.png")
        button.tap()
        expect(page.get_by_role("button", name="Accept and call")).to_be_visible()
        sheet = page.locator("callgate-button .cg").bounding_box()
        assert (sheet["x"], sheet["width"]) == (0, 375)
        assert sheet["y"] + sheet["height"] == pytest.approx(667, abs=1)
        targets = page.locator("callgate-button button:visible")
        for index in range(targets.count()):
            box = targets.nth(index).bounding_box()
            assert box["height"] >= 48 and box["width"] >= 48, box
        if screenshots:
            page.screenshot(path=screenshots / "phone-sheet.png")
        page.get_by_role("button", name="Accept and call").tap()
        expect(status(page)).to_have_text("In call", timeout=20_000)
        if screenshots:
            page.screenshot(path=screenshots / "phone-call.png")
        page.get_by_role("button", name="Hang up").tap()
    finally:
        context.close()
