"""The aiohttp app: the WebSDK websocket on any path, and the `/__dev/` control API."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.typedefs import Handler

from dev.gateway import restapi
from dev.gateway.faults import FaultError, Faults
from dev.gateway.hookclient import HookClient
from dev.gateway.protocol import Session
from dev.gateway.stats import Stats

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """How the gateway runs; `secret` signs hooks and is never printed."""

    hook_url: str
    secret: str | None = field(default=None, repr=False)
    node_id: str = "dev-gw-1"
    hook_timeout: float = 5.0
    answer_delay: float = 0.3
    ping_interval: float = 5.0
    app_key_default: str = "defaultApp"
    rest_user: str | None = None
    rest_password: str | None = field(default=None, repr=False)


class Gateway:
    """Everything the sessions share: settings, stats, the hook client and open sockets."""

    def __init__(self, settings: Settings, faults: Faults | None = None) -> None:
        self.settings = settings
        self.stats = Stats()
        self.hooks = HookClient(
            settings.hook_url, settings.secret, settings.hook_timeout, self.stats
        )
        self.hooks.faults = faults or Faults()
        self.sockets: set[web.WebSocketResponse] = set()
        self.transports: dict[web.WebSocketResponse, asyncio.Transport] = {}
        self.sessions: dict[str, Session] = {}


GATEWAY = web.AppKey("gateway", Gateway)


def create_app(settings: Settings, faults: Faults | None = None) -> web.Application:
    """Return the gateway app; hooks start and stop with it."""
    app = web.Application(middlewares=[_loopback_only])
    app[GATEWAY] = Gateway(settings, faults)
    app.on_startup.append(_start)
    app.on_shutdown.append(_close_sockets)
    app.on_cleanup.append(_stop)
    app.router.add_get("/__dev/stats", stats)
    app.router.add_get("/__dev/faults", get_faults)
    app.router.add_post("/__dev/faults", set_faults)
    app.router.add_post("/__dev/reset", reset)
    app.router.add_post("/__dev/cut", cut)
    app.router.add_route("*", "/__dev/{rest:.*}", _not_found)
    app.router.add_post("/rest-api/call/terminate", terminate_call)
    app.router.add_route("*", "/rest-api/{rest:.*}", _not_found)
    app.router.add_get("/{path:.*}", websocket)
    return app


async def websocket(request: web.Request) -> web.StreamResponse:
    """Serve one WebSDK websocket until it closes."""
    ws = web.WebSocketResponse(max_msg_size=1 << 20)
    if not ws.can_prepare(request).ok:
        return web.Response(status=426, text="Callgate dev gateway: websocket only\n")
    await ws.prepare(request)
    gateway = request.app[GATEWAY]
    gateway.sockets.add(ws)
    if isinstance(request.transport, asyncio.Transport):
        gateway.transports[ws] = request.transport
    try:
        await Session(gateway, ws, session_id(request), request.headers.get("Origin")).run()
    finally:
        gateway.sockets.discard(ws)
        gateway.transports.pop(ws, None)
    return ws


def session_id(request: web.Request) -> str:
    """Return WCS's sessionId for the connection: `/<peer ip>:<port>/<local ip>:<port>`."""
    transport = request.transport
    assert transport is not None, "the websocket has just been prepared"
    peer = transport.get_extra_info("peername")
    local = transport.get_extra_info("sockname")
    return f"/{peer[0]}:{peer[1]}/{local[0]}:{local[1]}"


async def stats(request: web.Request) -> web.Response:
    """Answer sessions, calls and recent hook deliveries."""
    return web.json_response(request.app[GATEWAY].stats.snapshot())


async def get_faults(request: web.Request) -> web.Response:
    """Answer the current faults."""
    return web.json_response(request.app[GATEWAY].hooks.faults.to_dict())


async def set_faults(request: web.Request) -> web.Response:
    """Replace every fault with the JSON body; answer the faults now in force."""
    try:
        faults = Faults.from_dict(json.loads(await request.read()))
    except (ValueError, FaultError) as exc:
        return web.json_response({"error": str(exc)}, status=400)
    request.app[GATEWAY].hooks.faults = faults
    log.warning("faults set: %s", faults.to_dict())
    return web.json_response(faults.to_dict())


async def terminate_call(request: web.Request) -> web.Response:
    """Answer WCS's REST API `call/terminate`: end the call as if the far end hung up."""
    authorization = request.headers.get("Authorization")
    return await restapi.terminate(request.app[GATEWAY], authorization, await request.read())


async def cut(request: web.Request) -> web.Response:
    """Drop every websocket without a goodbye, as a network change does; answer how many."""
    transports = list(request.app[GATEWAY].transports.values())
    for transport in transports:
        transport.abort()
    log.warning("cut %d websocket connection(s)", len(transports))
    return web.json_response({"cut": len(transports)})


async def reset(request: web.Request) -> web.Response:
    """Clear stats and faults."""
    gateway = request.app[GATEWAY]
    gateway.stats.reset()
    gateway.hooks.faults = Faults()
    return web.json_response({"faults": gateway.hooks.faults.to_dict()})


async def _not_found(request: web.Request) -> web.Response:
    return web.json_response({"error": "not found"}, status=404)


@web.middleware
async def _loopback_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse the control and REST APIs to anyone but this machine, even when bound more widely."""
    if request.path.startswith(("/__dev/", "/rest-api/")) and not _is_loopback(request.remote):
        return web.json_response({"error": "control API is loopback only"}, status=403)
    return await handler(request)


def _is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


async def _start(app: web.Application) -> None:
    await app[GATEWAY].hooks.start()


async def _close_sockets(app: web.Application) -> None:
    for ws in list(app[GATEWAY].sockets):
        await ws.close(code=1001, message=b"gateway shutting down")


async def _stop(app: web.Application) -> None:
    await app[GATEWAY].hooks.close()
