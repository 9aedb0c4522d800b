"""Fixtures for browser tests: one running stack per session, a fresh browser context per test."""

from __future__ import annotations

import math
import os
import struct
import wave
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dev.demosite.page import render
from tests import databases
from tests.browser import pages
from tests.browser.helpers import CHROMIUM, FLAGS
from tests.browser.routed import routed  # noqa: F401 - a fixture of two test files
from tests.browser.stack import start

# Runs before any page script (and outside the page's CSP): records peer connections,
# microphone requests and CSP violations, so tests can read WebRTC stats and count them.
INSTRUMENT = """
window.__pcs = []; window.__violations = [];
const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(...args) { super(...args); window.__pcs.push(this); }
};
window.__gum = 0;
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (...args) => { window.__gum += 1; return gum(...args); };
}
window.__states = [];
document.addEventListener('callgate:state', e => window.__states.push(e.detail.state));
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, test_databases):
    """The app, the dev gateway and two host-page servers (one allowed, one not).

    The app runs on a database of this run's backend (SQLite or PostgreSQL).
    """
    routes: dict = {}
    stranger_routes: dict = {}
    host, stranger = pages.serve(routes), pages.serve(stranger_routes)
    workdir = tmp_path_factory.mktemp("stack")
    postgres = databases.BACKEND == "postgresql"
    database_url = test_databases.empty(workdir) if postgres else None
    running = start(workdir, [f"http://127.0.0.1:{host.server_port}"], database_url)
    snippet = (
        f'<script async src="{running.api}/widget.js" data-button="{running.button_id}"></script>'
    )
    csp = {"Content-Security-Policy": pages.strict_csp(running.api, running.gateway)}
    routes.update(
        {
            "/": (render(running.api, running.button_id), {}),
            "/csp": (pages.page(snippet), csp),
            "/hostile": (pages.page(snippet, head=pages.HOSTILE_CSS), {}),
            "/twice": (pages.page(snippet, twice=True), {}),
        }
    )
    stranger_routes["/"] = (pages.page(snippet), {})
    running.routes = routes
    running.stranger_routes = stranger_routes
    running.host = f"http://127.0.0.1:{host.server_port}"
    running.stranger = f"http://127.0.0.1:{stranger.server_port}"
    yield running
    running.stop()
    if database_url:
        test_databases.drop(database_url)
    for server in (host, stranger):
        server.shutdown()
        server.server_close()


def write_tone(path: Path, seconds: int = 30, rate: int = 48000) -> Path:
    """Write a steady 440 Hz tone for the fake microphone (its default is mostly silence)."""
    samples = (int(9000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(seconds * rate))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    tone = write_tone(tmp_path_factory.mktemp("media") / "tone.wav")
    with sync_playwright() as playwright:
        args = [*FLAGS, f"--use-file-for-fake-audio-capture={tone}"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture
def make_page(browser, stack):
    """Open a host page in a fresh context; `microphone=False` leaves the permission ungranted."""
    contexts = []
    stack.control("/__dev/reset", {})

    def open_page(
        path: str = "/", *, origin: str | None = None, microphone: bool = True, listen=None
    ):
        context = browser.new_context(permissions=["microphone"] if microphone else [])
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(INSTRUMENT)
        if listen:
            listen(page)
        page.goto((origin or stack.host) + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshots() -> Path | None:
    """Where to save README screenshots (CALLGATE_SCREENSHOT_DIR), if anywhere."""
    target = os.environ.get("CALLGATE_SCREENSHOT_DIR")
    return Path(target) if target else None


# What the stack's button is set back to after a test changed its hours or keypad.
BUTTON_DEFAULTS = (
    *("--hours", "24/7", "--timezone", "UTC", "--clear-holidays"),
    *("--closed-message", "", "--fallback", "", "--no-dtmf"),
    *("--precheck", "--no-callback", "--consent-text", "", "--no-rating"),
    *("--max-concurrent", "2", "--no-relay-only"),
)


@pytest.fixture
def button_settings(stack):
    """Change the shared button with `flask button update`; restore it after the test."""

    def change(*args: str) -> None:
        stack.flask("button", "update", stack.button_id, *args)

    yield change
    change(*BUTTON_DEFAULTS)
