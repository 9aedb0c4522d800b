"""How the gateway honours restClientConfig and signs hooks, against a scripted backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from callgate.hooks.verify import verify_signature
from tests.data import HOOK_SECRETS
from tests.dev.gateway.helpers import control, run, running_gateway, serve_hooks
from tests.dev.gateway.sdk import Browser, call_fields, connection_fields

SIP = {"sipLogin": "gw-login", "sipPassword": "pw-42", "sipDomain": "pbx.test"}


@asynccontextmanager
async def backend(config: dict, refuse: tuple[str, ...] = ()) -> AsyncIterator[tuple[str, list]]:
    """Serve hooks that echo their body (connect adds SIP and `config`); 403 for `refuse`."""
    received: list[tuple[str, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        raw, method = await request.read(), request.match_info["method"]
        verify_signature(raw, request.headers.get("Authorization"), HOOK_SECRETS)
        body = await request.json()
        received.append((method, body))
        if method in refuse:
            return web.json_response({"status": 403, "reason": f"no {method}"}, status=403)
        if method == "connect":
            body |= SIP | {"restClientConfig": config}
        return web.json_response(body | ({"callee": "7777"} if method == "call" else {}))

    async with serve_hooks(hook) as url:
        yield url, received


async def place_call(config: dict, refuse: tuple[str, ...] = (), **frame: object) -> tuple:
    """Connect without an appKey and place a call; return frames, hooks received and stats."""
    async with backend(config, refuse) as (url, received), running_gateway(url) as base:
        browser = await Browser.open(base + "/", "https://page.test")
        fields = connection_fields("tok") | {"origin": "https://forged.test"} | frame
        del fields["appKey"]
        await browser.send("connection", fields)
        await browser.expect("getUserData")
        await browser.send("call", call_fields("call-1", "not sdp"))
        await browser.expect("finish")
        stats = await control(base, "stats")
        await browser.close()
    return browser.frames, received, stats


def test_context_fields_and_client_exclude() -> None:
    config = {"connect": {"clientExclude": "sipPassword"}}
    config["ConnectionStatusEvent"] = {"clientExclude": "sipLogin", "restExclude": "custom"}
    frames, received, _ = run(place_call(config, sipRegisterRequired=True))
    method, connect = received[0]
    assert method == "connect" and connect["appKey"] == "defaultApp"
    assert connect["origin"] == "https://page.test" and connect["nodeId"] == "dev-gw-1"
    assert connect["sessionId"] == frames[0]["data"][0]["sessionId"]
    user_data = frames[0]["data"][0]
    assert "sipPassword" not in user_data and "sipLogin" not in user_data
    assert user_data["sipDomain"] == "pbx.test" and "restClientConfig" not in user_data
    assert [f["message"] for f in frames[:2]] == ["getUserData", "registered"]
    established = next(body for m, body in received if m == "ConnectionStatusEvent")
    assert established["status"] == "ESTABLISHED" and "custom" not in established
    assert "RegistrationStatusEvent" in [m for m, _ in received]


def test_overwrite_takes_the_callee_and_client_exclude_hides_it() -> None:
    config = {"call": {"restPolicy": "OVERWRITE", "restOverwrite": "callee"}}
    config["CallStatusEvent"] = {"clientExclude": "callee,custom", "restExclude": "caller"}
    frames, received, stats = run(place_call(config))
    assert stats["calls"][0]["invite"] == "INVITE sip:7777@pbx.test as gw-login"
    statuses = [f["data"][0] for f in frames if f["message"] in ("notifyTryingResponse", "finish")]
    assert [s["status"] for s in statuses] == ["TRYING", "FAILED"]
    assert statuses[1]["info"] == "Bad SDP"
    assert all("callee" not in s and "custom" not in s for s in statuses)
    events = [body for method, body in received if method == "CallStatusEvent"]
    assert [e["callee"] for e in events] == ["7777", "7777"]
    assert all("caller" not in e and "sdp" not in e for e in events)


def test_log_policy_goes_ahead_after_a_refusal() -> None:
    frames, received, stats = run(place_call({}, refuse=("call",)))
    assert "notifyTryingResponse" in [f["message"] for f in frames]
    assert stats["calls"][0]["invite"] == "INVITE sip:+88213000000@pbx.test as gw-login"


def test_fail_policy_stops_the_call() -> None:
    config = {"call": {"restOnError": "FAIL"}}
    frames, _, stats = run(place_call(config, refuse=("call",)))
    finish = next(f["data"][0] for f in frames if f["message"] == "finish")
    assert finish["status"] == "FAILED" and finish["info"] == "no call"
    assert stats["calls"][0]["invite"] is None


def test_disabled_method_is_not_posted() -> None:
    config = {"call": {"restPolicy": "DISABLE"}, "CallStatusEvent": {"restPolicy": "DISABLED"}}
    frames, received, _ = run(place_call(config))
    assert {"call", "CallStatusEvent"}.isdisjoint(method for method, _ in received)
    assert "notifyTryingResponse" in [f["message"] for f in frames]
