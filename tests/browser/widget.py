"""What a test does with the button, in the words a visitor would use."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from playwright.sync_api import Page, expect

from tests.browser.stack import SIP

LONG = 20_000

INBOUND_AUDIO = """async (minimum) => {
  for (const pc of window.__pcs) {
    for (const report of (await pc.getStats()).values()) {
      if (report.type === 'inbound-rtp' && report.kind === 'audio'
          && report.packetsReceived >= minimum) return report.packetsReceived;
    }
  }
  return 0;
}"""


def call_button(page: Page, name: str = "Call us"):
    """Return the widget's main button by its accessible name."""
    return page.get_by_role("button", name=name)


def status(page: Page):
    """Return the widget's live status line."""
    return page.get_by_role("status")


def start_call(page: Page) -> float:
    """Click Call and wait for "In call"; return the seconds it took."""
    started = time.monotonic()
    call_button(page).click()
    expect(status(page)).to_have_text("In call", timeout=LONG)
    return time.monotonic() - started


def inbound_audio_packets(page: Page, minimum: int) -> int:
    """Wait until the browser has received `minimum` audio packets; return the count."""
    return wait_until(lambda: page.evaluate(INBOUND_AUDIO, minimum))


def wait_until(check, timeout: float = 20.0, step: float = 0.2):
    """Poll `check()` until it returns something truthy; return it or fail after `timeout`."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"condition not met within {timeout}s (last value: {value!r})")
        time.sleep(step)


def call_log(stack) -> list[dict]:
    """Return the app's call log as `flask calls list --json` prints it."""
    return json.loads(stack.flask("calls", "list", "--json"))


def public_config(stack, lang: str = "en") -> dict:
    """Return the stack button's full public config as an allowed page reads it."""
    request = urllib.request.Request(
        f"{stack.api}/api/v1/buttons/{stack.button_id}?lang={lang}", headers={"Origin": stack.host}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def reported(stack, key: str) -> dict:
    """Wait until the call log entry of the gateway's last call holds `key`; return it.

    Other tests share the stack, so only this test's (the latest) call counts.
    """
    call_id = stack.control("/__dev/stats")["calls"][-1]["callId"]
    return wait_until(
        lambda: next((c for c in call_log(stack) if c["callId"] == call_id and c[key]), None)
    )


def limited_button(stack, limit: str = "button=1/day") -> str:
    """Create a button allowing one token a day (or `limit`); return its id."""
    created = stack.flask(
        *("button", "create", "--name", "Limited", "--origin", stack.host),
        *("--callee", SIP["callee"], "--gateway-url", stack.gateway, "--sip-login", SIP["login"]),
        *("--token-limit", limit, "--hours", "24/7", "--sip-password-stdin", "--json"),
        stdin=SIP["password"] + "\n",
    )
    return json.loads(created)["id"]


def request_token(stack, button_id: str) -> int:
    """Ask for a token as another visitor of the allowed host would; return the status."""
    request = urllib.request.Request(
        f"{stack.api}/api/v1/buttons/{button_id}/token",
        method="POST",
        headers={"Origin": stack.host},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
