"""A lighter tag and setup in parallel: the bytes a page receives before the visitor shows
intent, and press → ESTABLISHED against a page that already holds the SDK (printed only)."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.widget import call_button, public_config, status

BEFORE_INTENT_BUDGET = 3000
RUNS = 3


def test_what_loads_before_intent_fits_the_budget_as_received(make_page, stack):
    responses = []
    page = make_page(listen=lambda p: p.on("requestfinished", lambda r: responses.append(r)))
    expect(call_button(page)).to_be_visible()
    page.wait_for_timeout(500)  # anything else the loader would fetch, unasked
    ours = [r for r in responses if r.url.startswith(stack.api)]
    sizes = {
        re.sub(r"\?.*", "", r.url[len(stack.api) :]): r.sizes()["responseBodySize"] for r in ours
    }
    encodings = {r.url: (r.response().headers.get("content-encoding")) for r in ours}
    print(f"before intent: {sizes} = {sum(sizes.values())} B; encodings {list(encodings.values())}")
    assert set(sizes) == {"/widget.js", f"/api/v1/buttons/{stack.button_id}"}
    assert sum(sizes.values()) <= BEFORE_INTENT_BUDGET
    assert not [r for r in responses if "/sdk/" in r.url or "/widget/panel" in r.url]
    call_button(page).hover()  # intent: the panel, the full config and the SDK come now
    page.wait_for_function("!!(window.Flashphoner && window.Callgate.attach)")


def press_to_established(page, settled: bool) -> float:
    """Point at the button, click, and return the seconds until the call is ESTABLISHED.

    `settled`: click once what intent loads (panel, SDK) is in, as after a real pointer's
    approach; else click at once, the worst case (a tap, Enter on a freshly focused button).
    """
    call_button(page).hover()
    if settled:
        page.wait_for_function("!!(window.Flashphoner && window.Callgate.attach)")
    started = time.monotonic()
    call_button(page).click()
    expect(status(page)).to_have_text("In call", timeout=20_000)
    seconds = time.monotonic() - started
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    return seconds


def test_press_to_established_against_a_page_that_preloads_the_sdk(make_page, stack):
    sdk = public_config(stack)["sdk"]["path"]
    preload = f'<script src="{stack.api}{sdk}"></script>'
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{stack.button_id}"></script>'
    stack.routes["/preloaded"] = (pages.page(snippet, head=preload), {})
    runs: dict[str, list[float]] = {"at once": [], "settled": [], "preloaded": []}
    for _ in range(RUNS):
        runs["at once"].append(press_to_established(make_page("/"), settled=False))
        runs["settled"].append(press_to_established(make_page("/"), settled=True))
        page = make_page("/preloaded")
        page.wait_for_function("!!window.Flashphoner")
        runs["preloaded"].append(press_to_established(page, settled=True))
    ms = {name: " ".join(f"{v * 1000:.0f}" for v in values) for name, values in runs.items()}
    print(
        f"press → ESTABLISHED, ms: widget, click at once {ms['at once']} | widget, click after "
        f"intent settled {ms['settled']} | page with the SDK preloaded {ms['preloaded']}"
    )
