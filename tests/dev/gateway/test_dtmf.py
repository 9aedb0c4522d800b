"""DTMF through the dev gateway: the `sendDtmf` frame goes to the hook, and its answer decides."""

from __future__ import annotations

import asyncio

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from tests.dev.gateway.helpers import control, run, running_gateway
from tests.dev.gateway.sdk import Caller
from tests.dev.gateway.test_call_flow import CALL_ID, call_stats, connect_and_talk, hang_up


async def dtmf_hooks(base: str) -> list[dict]:
    """Wait for the gateway's `sendDtmf` hook deliveries; return them."""
    for _ in range(250):
        hooks = [h for h in (await control(base, "stats"))["hooks"] if h["method"] == "sendDtmf"]
        if hooks:
            return hooks
        await asyncio.sleep(0.02)
    raise AssertionError("no sendDtmf hook was delivered")


async def press(app, hook_url: str, token: str, refused: bool) -> tuple[list, dict, dict | None]:
    """Talk, press 5; return the hook deliveries, the call's stats and any `fail` frame."""
    caller = Caller()
    async with running_gateway(hook_url) as base:
        browser = await connect_and_talk(base, token, caller)
        await browser.send("sendDtmf", {"callId": CALL_ID, "type": "RFC2833", "dtmf": "5"})
        fail = (await browser.expect("fail"))["data"][0] if refused else None
        hooks = await dtmf_hooks(base)
        for _ in range(250):
            stats = await call_stats(base)
            if refused or stats["actions"]:
                break
            await asyncio.sleep(0.02)
        await hang_up(app, browser, caller)
    return hooks, stats, fail


@pytest.mark.parametrize("enabled", [True, False])
def test_dtmf_reaches_the_call_only_when_the_button_opted_in(
    app, button, get_token, hook_url, enabled
):
    with app.app_context():
        update_button(get_db(), button.id, {"dtmf": enabled})
    token = get_token(button.id)["token"]
    hooks, stats, fail = run(press(app, hook_url, token, refused=not enabled))
    assert [h["status"] for h in hooks] == [200 if enabled else 403]
    assert stats["actions"] == (["sendDtmf 5"] if enabled else [])
    if not enabled:
        assert (fail["status"], fail["info"]) == ("FAILED", "method sendDtmf not allowed")
