"""The gateway's small parts: faults, the secret variable, the hook client, the control API."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web

from dev.gateway.__main__ import banner, hook_secret, parse_args
from dev.gateway.faults import FaultError, Faults, parse_assignment
from dev.gateway.hookclient import HookClient, HookResult
from dev.gateway.stats import LIMIT, Stats
from tests.dev.gateway.helpers import control, run, running_gateway, serve_hooks


@pytest.mark.parametrize(
    ("value", "first"),
    [('["new", "old"]', "new"), ("new, old", "new"), ("solo", "solo"), ("", None), ("[]", None)],
)
def test_hook_secret_reads_the_apps_variable(value: str, first: str | None) -> None:
    assert hook_secret(value) == first


def test_banner_names_the_hook_url_and_never_the_secret() -> None:
    args = parse_args(["--hook-url", "http://127.0.0.1:8000/hooks/wcs"])
    text = banner(args, signed=True)
    assert "NOT FOR PRODUCTION" in text and "ws://127.0.0.1:8443/" in text
    assert "http://127.0.0.1:8000/hooks/wcs" in text


def test_faults_parse_and_validate() -> None:
    pairs = ["unsigned=true", "repeat=3", "hook_delay_methods=call,hangup", "hook_delay=0.5"]
    faults = Faults.from_dict(dict(parse_assignment(text) for text in pairs))
    assert faults.to_dict()["hook_delay_methods"] == ["call", "hangup"]
    assert faults.unsigned is True and faults.repeat == 3 and faults.hook_delay == 0.5
    for bad in ({"repeat": 0}, {"unsigned": "yes"}, {"surprise": 1}, {"hook_delay": -1}, []):
        with pytest.raises(FaultError):
            Faults.from_dict(bad)


def test_hook_delay_applies_to_chosen_methods_a_limited_number_of_times() -> None:
    faults = Faults(hook_delay=2.0, hook_delay_methods=["call"], hook_delay_times=2)
    delays = [faults.take_delay(m) for m in ("connect", "call", "call", "call")]
    assert delays == [0.0, 2.0, 2.0, 0.0]


def test_result_info_prefers_an_exact_reason() -> None:
    assert HookResult(403, "FORBIDDEN", {"status": 403, "reason": "nope"}).info() == "nope"
    assert (
        HookResult(403, "FORBIDDEN", {"status": 403, "reason": "x", "y": 1}).info() == "FORBIDDEN"
    )
    assert HookResult(200, "OK", [1]).info() == "Invalid response"


def test_stats_stay_bounded() -> None:
    stats = Stats()
    for number in range(LIMIT + 5):
        stats.call(f"call-{number}")
        stats.hook("call", 200, 1.0)
    snapshot = stats.snapshot()
    assert len(snapshot["calls"]) == LIMIT and len(snapshot["hooks"]) == LIMIT
    assert snapshot["calls"][0]["callId"] == "call-5"


async def deliver(faults: Faults, *methods: str, timeout: float = 5.0) -> list[HookResult]:
    """POST hook `methods` to a backend that never answers `slow`; return the results."""
    release = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        if request.match_info["method"] == "slow":
            await release.wait()
        return web.json_response({"seen": request.headers.get("Authorization")})

    async with serve_hooks(hook) as url:
        client = HookClient(url, "s", timeout, Stats())
        client.faults = faults
        await client.start()
        try:
            return [await client.post(method, {"sessionId": "x"}) for method in methods]
        finally:
            release.set()
            await client.close()


def test_hook_client_faults() -> None:
    signed, timed_out = run(deliver(Faults(), "fast", "slow", timeout=0.5))
    assert signed.ok and signed.body["seen"].startswith("WCS ")
    assert timed_out == HookResult(None, "Read timed out")
    (unsigned,) = run(deliver(Faults(unsigned=True), "fast"))
    assert unsigned.body == {"seen": None}
    (down,) = run(deliver(Faults(backend_down=True), "fast"))
    assert down == HookResult(None, "Backend unreachable")


def test_control_api() -> None:
    async def scenario() -> tuple:
        async with running_gateway("http://127.0.0.1:9/hooks/wcs", {"repeat": 2}) as base:
            before = await control(base, "faults")
            bad = await control(base, "faults", {"repeat": "many"})
            reset = await control(base, "reset", {})
            async with aiohttp.ClientSession() as http:
                async with http.get(base + "/any/path") as plain:
                    status = plain.status
        return before, bad, reset, status

    before, bad, reset, status = run(scenario())
    assert before["repeat"] == 2 and "error" in bad
    assert reset["faults"] == Faults().to_dict()
    assert status == 426
