"""The gateway's WCS REST API `call/terminate`, and the watchdog ending a real call through it."""

from __future__ import annotations

import asyncio
import base64
from datetime import timedelta
from unittest.mock import Mock

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from callgate.calls import watchdog
from callgate.calls.wcs_api import WcsApi
from callgate.db import get_db
from callgate.db.models import CallSlot, utcnow
from dev.gateway.__main__ import banner, parse_args
from dev.gateway.restapi import authorized
from dev.gateway.server import _loopback_only
from tests.dev.gateway.helpers import run, running_gateway, wait_for
from tests.dev.gateway.sdk import Caller
from tests.dev.gateway.test_call_flow import CALL_ID, call_stats, connect_and_talk, logged_calls

REST = {"rest_user": "admin", "rest_password": "REST-api-pass"}


async def terminate(base: str, body: object, auth: tuple[str, str] | None = None) -> int:
    """POST `body` to the gateway's `call/terminate`; return the HTTP status."""
    headers = {"Authorization": basic(*auth)} if auth else {}
    async with aiohttp.ClientSession() as http:
        url = f"{base}/rest-api/call/terminate"
        async with http.post(url, json=body, headers=headers) as response:
            return response.status


def statuses_of(app) -> list[str]:
    """Return the statuses the call log holds for the test's call, oldest first."""
    calls = logged_calls(app)
    return [s["status"] for s in calls[0]["statuses"]] if calls else []


async def ended_remotely(app, hook_url: str, token: str) -> tuple[list[int], dict, dict]:
    caller = Caller()
    async with running_gateway(hook_url) as base:
        browser = await connect_and_talk(base, token, caller)
        # The browser hears ESTABLISHED before its hook lands; on a busy machine the hook can
        # arrive after the terminate's FINISH. Terminate a call the log already has in progress.
        await wait_for(lambda: "ESTABLISHED" in statuses_of(app))
        statuses = [await terminate(base, {"callId": CALL_ID})]
        finish = await browser.expect("finish")
        await wait_for(lambda: logged_calls(app)[0]["finalStatus"] == "FINISH")
        statuses.append(await terminate(base, {"callId": CALL_ID}))
        stats = await call_stats(base)
        await browser.close()
        await caller.close()
    return statuses, finish["data"][0], stats


def test_terminate_ends_the_call_like_a_remote_hangup(app, button, get_token, hook_url):
    statuses, finish, stats = run(ended_remotely(app, hook_url, get_token(button.id)["token"]))
    assert statuses == [200, 404]
    assert (finish["callId"], finish["status"]) == (CALL_ID, "FINISH")
    assert (stats["status"], stats["endedBy"]) == ("FINISH", "rest-api terminate")
    [logged] = logged_calls(app)
    events = [(s["event"], s["status"]) for s in logged["statuses"]]
    assert events[-1] == ("CallStatusEvent", "FINISH")
    assert "hangup" not in [event for event, _ in events]


async def refusals(hook_url: str) -> list[int]:
    async with running_gateway(hook_url, **REST) as base:
        return [
            await terminate(base, {"callId": "x"}),
            await terminate(base, {"callId": "x"}, ("admin", "wrong")),
            await terminate(base, {"callId": "x"}, ("someone", REST["rest_password"])),
            await terminate(base, {"callId": "unknown"}, ("admin", REST["rest_password"])),
            await terminate(base, {"call": "x"}, ("admin", REST["rest_password"])),
            await terminate(base, ["x"], ("admin", REST["rest_password"])),
        ]


def test_terminate_wants_the_rest_user_when_one_is_set(hook_url):
    assert run(refusals(hook_url)) == [401, 401, 401, 404, 400, 400]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("header", "user", "password", "ok"),
    [
        (None, None, None, True),
        ("anything", "", "pw", True),
        (basic("admin", "pw"), "admin", "pw", True),
        (basic("admin", "pw").replace("Basic", "basic"), "admin", "pw", True),
        (None, "admin", "pw", False),
        (basic("admin", "pw2"), "admin", "pw", False),
        (basic("admin", "pw"), "admin", None, False),
        ("Bearer " + basic("admin", "pw")[6:], "admin", "pw", False),
        ("Basic not*base64", "admin", "pw", False),
    ],
)
def test_authorized(header, user, password, ok):
    assert authorized(header, user, password) is ok


@pytest.mark.parametrize(
    ("path", "peer", "status"),
    [
        ("/rest-api/call/terminate", "203.0.113.5", 403),
        ("/__dev/stats", "203.0.113.5", 403),
        ("/rest-api/call/terminate", "127.0.0.1", 200),
        ("/rest-api/call/terminate", "::1", 200),
    ],
)
def test_rest_api_is_loopback_only(path, peer, status):
    transport = Mock()
    transport.get_extra_info.side_effect = lambda name, default=None: (
        (peer, 5555) if name == "peername" else default
    )
    request = make_mocked_request("POST", path, transport=transport)

    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=200)

    assert run(_loopback_only(request, handler)).status == status


async def watched(app, hook_url: str, token: str) -> tuple[list, dict]:
    caller = Caller()
    async with running_gateway(hook_url, **REST) as base:
        browser = await connect_and_talk(base, token, caller)
        api = WcsApi(f"{base}/rest-api", REST["rest_user"], REST["rest_password"])

        def check() -> list:
            with app.app_context():
                later = utcnow() + timedelta(seconds=900)
                return [(o.call.call_id, o.result) for o in watchdog.run_once(get_db(), api, later)]

        outcomes = await asyncio.to_thread(check)
        finish = await browser.expect("finish")
        await wait_for(lambda: logged_calls(app)[0]["finalStatus"] == "FINISH")
        await browser.close()
        await caller.close()
    return outcomes, finish["data"][0]


def test_the_watchdog_ends_a_real_call_through_the_gateway(app, button, get_token, hook_url):
    outcomes, finish = run(watched(app, hook_url, get_token(button.id)["token"]))
    assert outcomes == [(CALL_ID, "ended")]
    assert finish["status"] == "FINISH"
    [logged] = logged_calls(app)
    assert (logged["endedBy"], logged["finalStatus"]) == ("watchdog: max duration", "FINISH")
    with app.app_context():
        assert get_db().query(CallSlot).count() == 0


@pytest.mark.parametrize(("login", "shown"), [(True, "Basic auth"), (False, "no login")])
def test_banner_names_the_rest_api(login, shown):
    args = parse_args(["--hook-url", "http://127.0.0.1:8000/hooks/wcs", "--port", "9443"])
    text = banner(args, signed=True, rest_login=login)
    assert f"REST API ({shown}, loopback only): http://127.0.0.1:9443/rest-api" in text
