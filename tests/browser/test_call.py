"""A full call in a real browser: the real SDK, the dev gateway's audio echo, the call log."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import databases
from tests.browser.stack import SIP
from tests.browser.widget import (
    call_button,
    call_log,
    inbound_audio_packets,
    start_call,
    status,
    wait_until,
)

# The call path end to end on each database (the other browser tests run on SQLite only).
pytestmark = pytest.mark.postgresql_also


def gateway_call(stack) -> dict:
    calls = stack.control("/__dev/stats")["calls"]
    return calls[-1] if calls else {}


def test_full_call_audio_both_ways_mute_hangup_and_log(make_page, stack, screenshots):
    page = make_page()
    expect(call_button(page)).to_be_visible()
    if screenshots:
        page.screenshot(path=screenshots / "button.png")
    status_line = status(page)
    seconds = start_call(page)
    print(f"click to in call: {seconds:.2f} s")
    assert page.evaluate("window.__states") == ["connecting", "ringing", "incall"]

    assert inbound_audio_packets(page, 50) >= 50
    heard = wait_until(
        lambda: gateway_call(stack).get("framesReceived", 0) > 50 and gateway_call(stack)
    )
    assert heard["rms"] > 500, heard
    assert heard["invite"] == f"INVITE sip:{SIP['callee']}@pbx.example.test as {SIP['login']}"
    expect(page.locator("callgate-button .timer")).to_have_text(re.compile(r"0:0[1-9]"))
    if screenshots:
        page.screenshot(path=screenshots / "call.png")

    page.get_by_role("button", name="Mute").click()
    expect(page.get_by_role("button", name="Unmute")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("""() => window.__pcs.some(pc => pc.getSenders().some(
        s => s.track && s.track.kind === 'audio' && !s.track.enabled))""")
    wait_until(lambda: gateway_call(stack)["rms"] < 50)
    page.get_by_role("button", name="Unmute").click()
    wait_until(lambda: gateway_call(stack)["rms"] > 500)

    page.get_by_role("button", name="Hang up").click()
    expect(status_line).to_have_text("Call ended")
    assert page.evaluate("window.__states")[-1] == "ended"
    call_id = gateway_call(stack)["callId"]  # other tests share the stack and its call log
    [entry] = wait_until(
        lambda: [
            c for c in call_log(stack) if c["callId"] == call_id and c["finalStatus"] == "FINISH"
        ]
    )
    assert entry["talkSeconds"] > 0
    assert entry["origin"] == stack.host


def test_no_secret_reaches_the_page(make_page, stack):
    received: list[str] = []

    def listen(page) -> None:
        def keep_body(response) -> None:
            try:
                received.append(response.body().decode("utf-8", "replace"))
            except Exception:  # bodies of redirects and aborted requests are unavailable
                received.append(response.url)

        page.on("response", keep_body)
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(str(f))))

    page = make_page(listen=listen)
    start_call(page)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    frames = [r for r in received if '"message"' in r]
    assert any("getUserData" in f for f in frames) and any("ESTABLISHED" in f for f in frames)
    for secret in SIP.values():
        leaks = [r[:200] for r in received if secret in r]
        assert not leaks, f"{secret!r} reached the page: {leaks}"


def test_sip_password_is_in_no_app_log_line_nor_database_byte(make_page, stack):
    start_call(make_page())
    wait_until(lambda: gateway_call(stack).get("invite"))
    log = (stack.workdir / "app.log").read_bytes()
    assert b"POST /hooks/wcs/connect" in log
    assert SIP["password"].encode() not in log
    assert SIP["password"].encode() not in databases.disk_bytes(stack.database_url)
