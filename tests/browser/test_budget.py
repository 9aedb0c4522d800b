"""A lighter tag and setup in parallel: the bytes a page receives before the visitor shows
intent, whatever state the button is in, and press → ESTABLISHED against a page that already
holds the SDK (printed only)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser import pages, states
from tests.browser.widget import call_button, public_config, status

BEFORE_INTENT_BUDGET = 3000
RUNS = 3


# Each state, and the message it shows once intent brought the panel (None: open-looking).
STATES = {
    "open": (states.open_now, None),
    "closed by hours": (states.closed_by_hours, "Back soon"),
    "closed on holidays": (states.closed_on_holidays, "We are closed right now."),
    "over budget": (states.over_budget, None),
    "busy": (states.busy, None),
}


def before_intent(make_page, stack, path: str, accept: str | None):
    """Open `path` (asking for `accept` encodings, else the browser's own) and wait; return the
    page, every URL it requested and the (path, bytes as received) of what our app sent."""
    requests, finished = [], []

    def listen(page) -> None:
        if accept:
            page.set_extra_http_headers({"Accept-Encoding": accept})
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfinished", lambda r: finished.append(r))

    page = make_page(path, listen=listen)
    expect(call_button(page)).to_be_visible()
    page.wait_for_timeout(500)  # anything else the loader would fetch, unasked
    ours = [r for r in finished if r.url.startswith(stack.api)]
    sizes = [
        (re.sub(r"\?.*", "", r.url[len(stack.api) :]), r.sizes()["responseBodySize"]) for r in ours
    ]
    encodings = [r.response().headers.get("content-encoding") for r in ours]
    return page, requests, sizes, encodings


@pytest.mark.parametrize("state", STATES)
def test_what_loads_before_intent_fits_the_budget_as_received(
    make_page, stack, button_settings, tmp_path, state
):
    arrange, closed = STATES[state]
    path = arrange(stack, button_settings, make_page)
    for accept in ("gzip", None):
        page, requests, sizes, encodings = before_intent(make_page, stack, path, accept)
        total = sum(size for _, size in sizes)
        print(f"{state}, before intent ({accept or 'browser'}): {sizes} = {total} B {encodings}")
        button_id = page.locator("script[data-button]").get_attribute("data-button")
        assert sorted(name for name, _ in sizes) == [f"/api/v1/buttons/{button_id}", "/widget.js"]
        assert total <= BEFORE_INTENT_BUDGET
        assert not [url for url in requests if "/sdk/" in url or "/widget/panel" in url]
    page.screenshot(path=tmp_path / "before-intent.png")
    call_button(page).hover()  # intent: the panel and the full config come now
    page.wait_for_function("!!window.Callgate.attach")
    expect(page.locator("callgate-button .panel")).to_be_attached()
    if closed is None:
        expect(status(page)).to_be_hidden()
        page.wait_for_function("!!window.Flashphoner")  # the SDK too, ready for the click
    else:
        expect(status(page)).to_contain_text(closed)
        assert not [url for url in requests if "/sdk/" in url]  # no call to make while closed
    page.screenshot(path=tmp_path / "after-hover.png")
    print(f"{state}: screenshots in {tmp_path}")
    if state == "closed on holidays":
        page.get_by_role("button", name="Request a callback").click()
        expect(page.get_by_label("Your phone number")).to_be_focused()


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
