"""The far side's and WCS's other readings, as the gateway's faults play them to the browser.

Busy, a 183 with early media before the answer, a far side that never answers, a SIP account
that fails to register, a refused `/call` delivered as a `fail` frame; and WCS's keepalive.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.guardrails import killswitch
from dev.gateway.faults import FaultError, Faults
from dev.gateway.server import Settings
from tests.data import BUTTON, ORIGIN
from tests.dev.gateway.helpers import control, run, running_gateway, wait_for
from tests.dev.gateway.sdk import Browser, Caller, call_fields, connection_fields
from tests.dev.gateway.test_call_flow import CALL_ID, STATUS_FRAMES, call_stats, logged_calls


def statuses(frames: list[dict]) -> list[tuple[str, str]]:
    """Return the call frames the browser got, as (message, status)."""
    return [(f["message"], f["data"][0]["status"]) for f in frames if f["message"] in STATUS_FRAMES]


async def hooks_until(base: str, method: str, timeout: float = 5.0) -> list[tuple[str, object]]:
    """Return the hooks the gateway delivered, as (method, status), once `method` is among them."""
    deadline = time.monotonic() + timeout
    while True:
        hooks = [(h["method"], h["status"]) for h in (await control(base, "stats"))["hooks"]]
        if method in [m for m, _ in hooks] or time.monotonic() > deadline:
            return hooks
        await asyncio.sleep(0.02)


async def placed(base: str, token: str, caller: Caller | None = None) -> Browser:
    """Connect and send a `call` frame (a real offer when a caller is given)."""
    browser = await Browser.open(base + "/", ORIGIN)
    await browser.send("connection", connection_fields(token))
    await browser.expect("getUserData")
    offer = await caller.offer() if caller else "v=0\r\n"
    await browser.send("call", call_fields(CALL_ID, offer))
    return browser


def test_busy_rings_then_finishes_busy(app, button, get_token, hook_url) -> None:
    async def scenario() -> list[dict]:
        caller = Caller()
        async with running_gateway(hook_url, {"call_outcome": "busy"}) as base:
            browser = await placed(base, get_token(button.id)["token"], caller)
            await browser.expect("finish")
            await wait_for(lambda: logged_calls(app)[0]["finalStatus"] == "BUSY")
            await browser.close()
        await caller.close()
        return browser.frames

    frames = run(scenario())
    assert statuses(frames) == [
        ("notifyTryingResponse", "TRYING"),
        ("ring", "RING"),
        ("finish", "BUSY"),
    ]
    assert "setRemoteSDP" not in [f["message"] for f in frames]
    [logged] = logged_calls(app)
    assert (logged["finalStatus"], logged["endedBy"]) == ("BUSY", "callee busy")


def test_a_183_brings_early_media_then_the_answer(app, button, get_token, hook_url) -> None:
    async def scenario() -> list[dict]:
        caller = Caller()
        async with running_gateway(hook_url, {"call_outcome": "progress"}) as base:
            browser = await placed(base, get_token(button.id)["token"], caller)
            early = await browser.expect("setRemoteSDP")
            await caller.accept(early["data"][1])
            await browser.expect("talk")
            await wait_for(lambda: caller.received > 5)
            await browser.close()
        await caller.close()
        return browser.frames

    frames = run(scenario())
    messages = [f["message"] for f in frames]
    assert messages.index("setRemoteSDP") < messages.index("talk")
    progress = ("ring", "SESSION_PROGRESS")
    assert statuses(frames)[:3] == [
        ("notifyTryingResponse", "TRYING"),
        progress,
        ("talk", "ESTABLISHED"),
    ]
    assert next(f for f in frames if f["message"] == "ring")["data"][0]["sipStatus"] == 183


def test_a_silent_far_side_sends_nothing_after_the_call(app, button, get_token, hook_url) -> None:
    async def scenario() -> tuple[list[dict], dict, list]:
        async with running_gateway(hook_url, {"call_outcome": "silent"}) as base:
            browser = await placed(base, get_token(button.id)["token"])
            # Ten times the time the gateway takes to ring: nothing comes.
            with pytest.raises(TimeoutError):
                await browser.expect(*STATUS_FRAMES, timeout=0.5)
            stats, logged = await call_stats(base), logged_calls(app)
            await browser.close()
        return browser.frames, stats, logged

    frames, stats, logged = run(scenario())
    assert statuses(frames) == []
    assert stats["invite"] and stats["status"] == "PENDING"
    assert [(c["finalStatus"], c["statuses"]) for c in logged] == [(None, [])]


def test_a_failed_registration_is_a_fail_frame(app, button, get_token, hook_url) -> None:
    with app.app_context():
        update_button(get_db(), button.id, {"sip_register": True})

    async def scenario() -> tuple[dict, dict]:
        async with running_gateway(hook_url, {"registration_failure": True}) as base:
            browser = await Browser.open(base + "/", ORIGIN)
            await browser.send("connection", connection_fields(get_token(button.id)["token"]))
            await browser.expect("getUserData")
            fail = await browser.expect("fail", "registered")
            hooks = await hooks_until(base, "RegistrationStatusEvent")
            await browser.close()
        return fail, hooks

    fail, hooks = run(scenario())
    assert fail["data"] == [
        {"status": "FAILED", "info": "SIP 401 UNAUTHORIZED", "apiMethod": "RegistrationStatusEvent"}
    ]
    assert hooks[-1] == ("RegistrationStatusEvent", 200)


def test_a_refused_call_as_a_fail_frame_leaves_it_pending(app, button, get_token, hook_url) -> None:
    async def scenario() -> tuple[Browser, dict, list]:
        async with running_gateway(hook_url, {"call_refusal_as_fail": True}) as base:
            browser = await Browser.open(base + "/", ORIGIN)
            await browser.send("connection", connection_fields(get_token(button.id)["token"]))
            await browser.expect("getUserData")
            with app.app_context():
                killswitch.switch(get_db(), True, button.id)
            await browser.send("call", call_fields(CALL_ID, "v=0\r\n"))
            fail = await browser.expect("fail", *STATUS_FRAMES)
            hooks = await hooks_until(base, "CallStatusEvent")
            await browser.close()
        return browser, fail, hooks

    browser, fail, hooks = run(scenario())
    assert fail["data"] == [
        {"status": "FAILED", "info": "kill switch", "apiMethod": "CallStatusEvent", "id": CALL_ID}
    ]
    assert statuses(browser.frames) == []
    assert hooks[-2:] == [("call", 403), ("CallStatusEvent", 200)]


def test_wcs_pings_every_5_seconds_by_default_and_the_sdk_answers() -> None:
    assert Settings(hook_url="http://127.0.0.1:1/hooks").ping_interval == 5.0

    async def scenario() -> list[dict]:
        async with running_gateway("http://127.0.0.1:1/hooks", ping_interval=0.05) as base:
            browser = await Browser.open(base + "/", ORIGIN)
            await browser.expect("ping")
            await browser.expect("ping")
            await browser.close()
        return browser.frames

    assert [f["message"] for f in run(scenario())] == ["ping", "ping"]


def test_a_callee_of_its_own_rings_on_unanswered(app, button, get_token, hook_url) -> None:
    outcomes = {"callee_outcomes": {BUTTON["callee"]: "unanswered", "7999": "busy"}}

    async def scenario() -> list[dict]:
        caller = Caller()
        async with running_gateway(hook_url, outcomes) as base:
            browser = await placed(base, get_token(button.id)["token"], caller)
            await browser.expect("ring")
            await asyncio.sleep(0.5)  # well past the answer delay: still ringing
            await browser.close()
        await caller.close()
        return browser.frames

    frames = run(scenario())
    assert statuses(frames) == [("notifyTryingResponse", "TRYING"), ("ring", "RING")]
    assert "setRemoteSDP" not in [f["message"] for f in frames]


@pytest.mark.parametrize(
    "faults",
    [
        {"call_outcome": "later"},
        {"call_outcome": 1},
        {"registration_failure": "yes"},
        {"callee_outcomes": ["7001"]},
        {"callee_outcomes": {"7001": "later"}},
        {"callee_outcomes": {"7001": None}},
    ],
)
def test_bad_sip_faults_are_refused(faults) -> None:
    with pytest.raises(FaultError):
        Faults.from_dict(faults)
