"""A call through a real coturn: per-attempt TURN credentials from the token answer, relay-only
ICE, audio both ways through the relay; and a wrong secret, which gets no relay and no call.

A second app process on the stack's database (same keys, so the gateway's hooks still go to the
stack's app) is told about one TURN server; each test starts Debian's turnserver on that port,
with the app's secret or another one.
"""

from __future__ import annotations

import json
import re
import subprocess
import time

import pytest
from playwright.sync_api import expect

from dev.ports import free_port, wait_for
from tests.browser.stack import BIN, ROOT
from tests.browser.test_accessibility import axe_violations, clean_page
from tests.browser.turn import free_udp_and_tcp_port, start_coturn
from tests.browser.widget import (
    LONG,
    call_button,
    inbound_audio_packets,
    start_call,
    status,
    wait_until,
)

SECRET = "browser-test-turn-secret-7979"
RELAY_FAILED = "Cannot reach the call relay. Please try again later."
RELAY_FAILED_RU = "Ретранслятор звонков недоступен. Попробуйте позже."
# The selected candidate pair of every open peer connection (the probe's is closed by then).
PAIRS = """async () => {
  const found = [];
  for (const pc of window.__pcs) {
    if (pc.signalingState === 'closed') continue;
    const stats = await pc.getStats();
    for (const report of stats.values()) {
      if (report.type !== 'transport' || !report.selectedCandidatePairId) continue;
      const pair = stats.get(report.selectedCandidatePairId);
      const local = stats.get(pair.localCandidateId);
      const types = [...stats.values()].filter(r => r.type === 'local-candidate')
        .map(r => r.candidateType);
      found.push({local: local.candidateType, address: local.address, received: pair.bytesReceived,
        policy: pc.getConfiguration().iceTransportPolicy, gathered: [...new Set(types)]});
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def turn(stack, tmp_path_factory):
    """The TURN port, and the host page whose widget comes from the app that knows it.

    The stack's button is relay-only meanwhile (set while the app starts, unset after).
    """
    port, api_port = free_udp_and_tcp_port(), free_port()
    workdir = tmp_path_factory.mktemp("turn")
    env = stack.env | {
        "CALLGATE_TURN_SECRET": SECRET,
        "CALLGATE_TURN_URLS": f"turn:127.0.0.1:{port}?transport=udp",
    }
    args = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{api_port}", "--workers", "1"]
    with open(workdir / "app.log", "w") as log:
        app = subprocess.Popen(
            [*args, "--no-control-socket", "callgate.app:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    stack.flask("button", "update", stack.button_id, "--relay-only")
    wait_for(api_port)
    api = f"http://127.0.0.1:{api_port}"
    tag = f'<script async src="{api}/widget.js" data-button="{stack.button_id}"'
    # Host pages that are accessible themselves, so axe judges only the button's relay states.
    stack.routes["/turn"] = (clean_page(tag + "></script>", "en"), {})
    stack.routes["/turn/ru"] = (clean_page(tag + ' data-lang="ru"></script>', "ru"), {})
    yield {"port": port, "workdir": workdir}
    app.terminate()
    stack.flask("button", "update", stack.button_id, "--no-relay-only")
    app.wait(timeout=10)


@pytest.fixture
def coturn(turn, tmp_path):
    """Start turnserver on the app's TURN port with a given secret; stop it after the test."""
    started = []

    def start(secret: str):
        started.append(start_coturn(tmp_path / "coturn", turn["port"], secret))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def token_answers(page_answers: list[str]) -> list[dict]:
    return [json.loads(body) for body in page_answers if '"iceServers"' in body]


def open_turn_page(make_page, path: str = "/turn") -> tuple:
    answers: list[str] = []

    def listen(page) -> None:
        def keep(response) -> None:
            if response.url.endswith("/token") and response.request.method == "POST":
                answers.append(response.body().decode())

        page.on("response", keep)

    return make_page(path, listen=listen), answers


def test_a_relay_only_call_goes_through_coturn_with_its_own_credential(make_page, stack, coturn):
    server = coturn(SECRET)
    page, answers = open_turn_page(make_page)
    start_call(page)
    assert inbound_audio_packets(page, 50) >= 50
    # The gateway hears the fake microphone's tone: audio flowed both ways through the relay.
    # Its stats may first show the tone with exactly 50 frames in: wait for more.
    heard = wait_until(
        lambda: [
            c
            for c in stack.control("/__dev/stats")["calls"]
            if c["rms"] > 500 and c["framesReceived"] > 50
        ]
    )
    assert heard[-1]["framesReceived"] > 50
    [pair] = page.evaluate(PAIRS)
    assert pair["local"] == "relay" and pair["gathered"] == ["relay"], pair
    assert pair["policy"] == "relay" and pair["received"] > 0, pair

    [answer] = token_answers(answers)
    [ice] = answer["iceServers"]
    expiry, _token_id = ice["username"].split(":")
    assert 0 < int(expiry) - time.time() <= 5 + 900  # the stack's token life + the longest call
    assert answer["iceTransportPolicy"] == "relay" and SECRET not in json.dumps(answer)
    user = f"user <{ice['username']}>: incoming packet"
    logged = wait_until(
        lambda: [line for line in server.lines() if user in line and "CREATE_PERMISSION" in line]
    )
    assert any(user in line and "ALLOCATE processed, success" in line for line in server.lines())
    assert "success" in logged[0]

    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")


def test_a_wrong_secret_gets_no_relay_and_the_call_fails_with_nothing_left_open(
    make_page, stack, coturn, screenshots
):
    server = coturn("not-the-apps-" + SECRET)
    page, answers = open_turn_page(make_page)
    call_button(page).click()
    expect(status(page)).to_have_text(RELAY_FAILED, timeout=LONG)
    assert page.evaluate("window.__states") == ["connecting", "failed"]
    # coturn refused the attempt's credential (its error lines name no method) and relayed nothing.
    [answer] = token_answers(answers)
    username = answer["iceServers"][0]["username"]
    assert re.fullmatch(r"[0-9]+:[A-Za-z0-9_-]+", username)
    lines = server.lines()
    refused = f"user <{username}>: incoming packet message processed, error 401: Unauthorized"
    assert any(refused in line for line in lines), lines[-5:]
    assert not any("processed, success" in line for line in lines), lines[-5:]
    # The probe's peer connection is closed, no gateway session was opened, no call placed.
    assert page.evaluate(
        "window.__pcs.length >= 1 && window.__pcs.every(pc => pc.signalingState === 'closed')"
    )
    gateway = stack.control("/__dev/stats")
    assert gateway["sessions"] == {"opened": 0, "open": 0} and gateway["calls"] == []
    expect(call_button(page, "Call again")).to_be_enabled()
    assert axe_violations(page) == []
    if screenshots:
        corner = {"x": 860, "y": 480, "width": 420, "height": 240}
        page.screenshot(path=screenshots / "relay-failed.png", clip=corner)
    russian, _answers = open_turn_page(make_page, "/turn/ru")
    call_button(russian, "Позвонить нам").click()
    expect(status(russian)).to_have_text(RELAY_FAILED_RU, timeout=LONG)
    assert axe_violations(russian) == []
