"""Gateway test steps: run the dev gateway in-process, drive it, wait, serve stand-in hooks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web

from dev.gateway.faults import Faults
from dev.gateway.server import Settings, create_app
from tests.data import HOOK_SECRETS


@asynccontextmanager
async def running_gateway(
    hook_url: str, faults: dict | None = None, **settings: object
) -> AsyncIterator[str]:
    """Run the gateway on a free loopback port with `faults`; yield its base URL."""
    options = {"secret": HOOK_SECRETS[0], "answer_delay": 0.05} | settings
    app = create_app(Settings(hook_url=hook_url, **options), Faults.from_dict(faults or {}))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def control(base: str, path: str, body: object = None) -> dict:
    """GET (no body) or POST `body` to the gateway's `/__dev/<path>`; return the JSON."""
    async with aiohttp.ClientSession() as http:
        url = f"{base}/__dev/{path}"
        request = http.get(url) if body is None else http.post(url, json=body)
        async with request as response:
            return await response.json()


async def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Return once `condition()` is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def run(scenario: Coroutine[Any, Any, Any]) -> Any:
    """Run `scenario` on a fresh event loop in its own thread; this one may already have one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, scenario).result()


@asynccontextmanager
async def serve_hooks(
    handler: Callable[[web.Request], Coroutine[Any, Any, web.Response]],
) -> AsyncIterator[str]:
    """Serve `handler` at `/hooks/{method}` on a free loopback port; yield the hooks URL."""
    app = web.Application()
    app.router.add_post("/hooks/{method}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/hooks"
    finally:
        await runner.cleanup()
