"""Preview mode: the real widget.js drawn from a JSON config in a sandboxed iframe, never calling.

This is the console's button editor contract: `data-preview="<element id>"` names a
`<script type="application/json">` holding the public config (plus `previewState`).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.widget import public_config

STATES = ["idle", "connecting", "ringing", "incall", "ended", "failed", "closed"]
COLOR, TEXT_COLOR = "#7b1fa2", "#fffde7"


def preview_markup(stack, config: dict) -> bytes:
    """Return the document the console puts in its iframe for `config`."""
    data = json.dumps(config).replace("</", "<\\/")
    return (
        "<!doctype html><html><head><meta charset='utf-8'></head><body>"
        f'<script type="application/json" id="callgate-preview">{data}</script>'
        f'<script async src="{stack.api}/widget.js" data-button="preview" '
        'data-preview="callgate-preview"></script></body></html>'
    ).encode()


def frame_page(path: str) -> bytes:
    return (
        "<!doctype html><html><body style='margin:0'>"
        f"<iframe sandbox='allow-scripts' src='{path}' title='Button preview' "
        "style='width:420px;height:460px;border:0'></iframe></body></html>"
    ).encode()


def requests_of(seen: list[str]):
    def listen(page) -> None:
        page.on("request", lambda request: seen.append(request.url))

    return listen


@pytest.mark.parametrize("state", STATES)
def test_preview_draws_each_state_and_never_calls(make_page, stack, screenshots, state):
    config = public_config(stack) | {
        "label": "Talk to sales",
        "color": COLOR,
        "textColor": TEXT_COLOR,
        "previewState": state,
    }
    config["texts"] = config["texts"] | {"connecting": "Dialling sales…", "ended": "Bye for now"}
    config["fallback"] = "tel:+493012345678"
    stack.routes[f"/preview-frame/{state}"] = (preview_markup(stack, config), {})
    stack.routes[f"/preview/{state}"] = (frame_page(f"/preview-frame/{state}"), {})
    log_before = (stack.workdir / "app.log").read_text()
    seen: list[str] = []
    page = make_page(f"/preview/{state}", listen=requests_of(seen))
    frame = page.frame_locator("iframe")
    main = frame.get_by_role("button", name="Talk to sales")
    retry = frame.get_by_role("button", name=config["texts"]["retry"])
    shown = {
        "idle": None,
        "connecting": "Dialling sales…",
        "ringing": config["texts"]["ringing"],
        "incall": config["texts"]["incall"],
        "ended": "Bye for now",
        "failed": config["texts"]["failed"],
        "closed": config["texts"]["closed"],
    }[state]
    status = frame.get_by_role("status")
    if shown is None:
        expect(status).to_be_hidden()
    else:
        expect(status).to_have_text(shown)
    visible = retry if state in ("ended", "failed") else main
    if state in ("connecting", "ringing", "incall"):
        expect(frame.get_by_role("button", name="Hang up")).to_be_visible()
        visible = frame.get_by_role("button", name="Hang up")
    elif state == "closed":  # closed wears its own grey and clock, not the owner's colour
        expect(visible).to_have_css("background-color", "rgb(95, 99, 104)")
    else:
        expect(visible).to_have_css("background-color", "rgb(123, 31, 162)")
        expect(visible).to_have_css("color", "rgb(255, 253, 231)")
    if state == "closed":
        expect(frame.get_by_role("link", name="+493012345678")).to_be_visible()
    if screenshots:
        page.screenshot(path=screenshots / f"preview-{state}.png")
    visible.click()
    page.wait_for_timeout(300)
    inner = page.frames[1]
    assert inner.evaluate("window.__gum") == 0
    assert inner.evaluate("window.__states")[0] == state
    assert [url for url in seen if "/api/" in url or "/sdk/" in url or "/token" in url] == []
    assert stack.control("/__dev/stats")["sessions"]["opened"] == 0
    browser_lines = [
        line
        for line in (stack.workdir / "app.log").read_text()[len(log_before) :].splitlines()
        if "HeadlessChrome" in line
    ]
    # The loader and, in preview, its panel at once: nothing else.
    assert all(
        re.search(r"GET /widget(\.js|/panel-[0-9a-f]+\.js) ", line) for line in browser_lines
    )


def test_preview_closed_by_default_when_the_config_says_closed(make_page, stack):
    config = public_config(stack) | {"open": False, "opensAt": None}
    stack.routes["/preview-frame/shut"] = (preview_markup(stack, config), {})
    stack.routes["/preview/shut"] = (frame_page("/preview-frame/shut"), {})
    page = make_page("/preview/shut")
    expect(page.frame_locator("iframe").get_by_role("status")).to_have_text(
        config["texts"]["closed"]
    )
    assert page.frames[1].evaluate("window.__states") == ["closed"]


def test_preview_without_json_warns_and_draws_nothing(make_page, stack):
    markup = (
        f'<!doctype html><body><p id="cfg">not json</p><script async src="{stack.api}/widget.js" '
        'data-button="preview" data-preview="cfg"></script></body>'
    ).encode()
    stack.routes["/preview-frame/bad"] = (markup, {})
    stack.routes["/preview/bad"] = (frame_page("/preview-frame/bad"), {})
    warnings: list[str] = []

    def listen(page) -> None:
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)

    page = make_page("/preview/bad", listen=listen)
    page.wait_for_timeout(500)
    assert any("data-preview" in w and "#cfg" in w for w in warnings), warnings
    assert page.frame_locator("iframe").locator("callgate-button").count() == 0
