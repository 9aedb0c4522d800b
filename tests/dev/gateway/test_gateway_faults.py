"""Refusals and faults seen through the gateway: what the browser gets and what is blocked."""

from __future__ import annotations

from tests.data import ORIGIN
from tests.dev.gateway.helpers import control, run, running_gateway
from tests.dev.gateway.sdk import Browser, Caller, call_fields, connection_fields
from tests.dev.gateway.test_call_flow import (
    CALL_ID,
    call_stats,
    connect_and_talk,
    hang_up,
    logged_calls,
)


async def refused_connect(hook_url: str, token: str) -> tuple[dict, bool]:
    """Connect once; return the `fail` frame and whether the gateway closed the socket."""
    async with running_gateway(hook_url) as base:
        browser = await Browser.open(base + "/", ORIGIN)
        await browser.send("connection", connection_fields(token))
        fail = await browser.expect("fail", "getUserData")
        closed = await browser.closed()
        await browser.close()
    return fail, closed


def test_bad_token_gets_the_backend_reason_and_is_closed(hook_url) -> None:
    fail, closed = run(refused_connect(hook_url, "not-a-token"))
    assert fail == {
        "message": "fail",
        "data": [
            {
                "status": "FAILED",
                "info": "call token is invalid",
                "apiMethod": "ConnectionStatusEvent",
            }
        ],
    }
    assert closed


def test_unsigned_hooks_are_refused(button, get_token, hook_url) -> None:
    async def scenario() -> tuple[dict, dict]:
        async with running_gateway(hook_url) as base:
            faults = await control(base, "faults", {"unsigned": True})
            browser = await Browser.open(base + "/", ORIGIN)
            await browser.send("connection", connection_fields(get_token(button.id)["token"]))
            fail = await browser.expect("fail", "getUserData")
            await browser.close()
        return faults, fail

    faults, fail = run(scenario())
    assert faults["unsigned"] is True
    assert fail["data"][0]["info"] == "missing or malformed signature"


def test_backend_down_after_connect_fails_the_call(button, get_token, hook_url) -> None:
    async def scenario() -> tuple[Browser, dict, dict]:
        async with running_gateway(hook_url, {"backend_down_after_connect": True}) as base:
            browser = await Browser.open(base + "/", ORIGIN)
            await browser.send("connection", connection_fields(get_token(button.id)["token"]))
            await browser.expect("getUserData")
            await browser.send("call", call_fields(CALL_ID, "v=0\r\n"))
            finish = await browser.expect("finish", "notifyTryingResponse")
            stats = await control(base, "stats")
            await browser.close()
        return browser, finish, stats

    browser, finish, stats = run(scenario())
    assert finish["data"][0]["status"] == "FAILED"
    assert finish["data"][0]["info"] == "Backend unreachable"
    assert [call["invite"] for call in stats["calls"]] == [None]
    assert {"method": "connect", "status": 200} in [
        {"method": h["method"], "status": h["status"]} for h in stats["hooks"]
    ]
    assert [h["status"] for h in stats["hooks"] if h["method"] == "call"] == ["error"]


def test_repeated_hooks_still_make_one_call(app, button, get_token, hook_url) -> None:
    async def scenario() -> dict:
        caller = Caller()
        async with running_gateway(hook_url, {"repeat": 3}) as base:
            browser = await connect_and_talk(base, get_token(button.id)["token"], caller)
            await hang_up(app, browser, caller)
            return await control(base, "stats")

    stats = run(scenario())
    methods = [hook["method"] for hook in stats["hooks"]]
    assert methods.count("connect") == 3 and methods.count("call") == 3
    assert {hook["status"] for hook in stats["hooks"]} == {200}
    assert [call["finalStatus"] for call in logged_calls(app)] == ["FINISH"]


def test_transfer_is_refused_and_not_done(app, button, get_token, hook_url) -> None:
    async def scenario() -> tuple[dict, dict]:
        caller = Caller()
        async with running_gateway(hook_url) as base:
            browser = await connect_and_talk(base, get_token(button.id)["token"], caller)
            await browser.send("transfer", {"callId": CALL_ID, "target": "+88213000000"})
            fail = await browser.expect("fail", "finish")
            after = await call_stats(base)
            await hang_up(app, browser, caller)
        return fail, after

    fail, after = run(scenario())
    assert fail["data"] == [
        {"status": "FAILED", "info": "method transfer not allowed", "apiMethod": "CallStatusEvent"}
    ]
    assert after["status"] == "ESTABLISHED" and after["actions"] == []
