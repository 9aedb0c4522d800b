"""One websocket session: WebSDK frames in; WCS's frames and REST hooks out."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web

from dev.gateway import actions, calls
from dev.gateway.connection import on_connection
from dev.gateway.hookclient import HookResult
from dev.gateway.restconfig import (
    fails_on_error,
    is_disabled,
    method_config,
    names,
    overwrites,
    without,
)

if TYPE_CHECKING:
    from dev.gateway.server import Gateway

log = logging.getLogger(__name__)


class Session:
    """What WCS keeps per websocket: the connection object, restClientConfig and calls."""

    def __init__(
        self, gateway: Gateway, ws: web.WebSocketResponse, sid: str, origin: str | None
    ) -> None:
        self.gateway = gateway
        self.ws = ws
        self.id = sid
        self.origin = origin
        self.state = "new"
        self.connection: dict = {}
        self.rest_config: dict = {}
        self.calls: dict[str, calls.Call] = {}

    @property
    def connected(self) -> bool:
        """Return True once `/connect` accepted this session."""
        return self.state == "connected"

    async def run(self) -> None:
        """Handle frames until the socket closes, then end calls and report DISCONNECTED."""
        self.gateway.stats.session_opened(self.id)
        self.gateway.sessions[self.id] = self
        log.info("session %s opened, origin %s", self.id, self.origin)
        pinger = asyncio.create_task(self._ping())
        try:
            async for message in self.ws:
                if message.type == WSMsgType.TEXT:
                    await self.dispatch(message.data)
        finally:
            pinger.cancel()
            await self._closed()
            self.gateway.sessions.pop(self.id, None)
            self.gateway.stats.session_closed(self.id)

    async def dispatch(self, text: str) -> None:
        """Run the handler for one client frame; log and drop anything else."""
        try:
            frame = json.loads(text)
        except ValueError:
            log.info("session %s: non-JSON frame ignored", self.id)
            return
        name = frame.get("message") if isinstance(frame, dict) else None
        data = frame.get("data") if isinstance(frame, dict) else None
        fields = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
        handler = HANDLERS.get(name) if isinstance(name, str) else None
        if handler is None or (name not in OPEN_HANDLERS and not self.connected):
            log.info("session %s: client message %.64r ignored", self.id, name)
            return
        await handler(self, fields)

    async def send(self, message: str, *data: object) -> None:
        """Send one server frame `{"message", "data": [...]}` unless the socket is closed."""
        if self.ws.closed:
            return
        try:
            await self.ws.send_json({"message": message, "data": list(data)})
        except ConnectionError:
            log.info("session %s: socket gone, %s not sent", self.id, message)

    async def hook(self, method: str, body: dict) -> HookResult | None:
        """POST hook `method` with restExclude applied; return None if restPolicy disables it."""
        entry = method_config(self.rest_config, method)
        if is_disabled(entry):
            return None
        body = without(body, names(entry["restExclude"]))
        return await self.gateway.hooks.post(method, body, connected=self.connected)

    async def ask(self, method: str, body: dict) -> tuple[str | None, dict]:
        """POST a direct invocation; return (refusal info if it must stop, fields to overwrite)."""
        entry = method_config(self.rest_config, method)
        result = await self.hook(method, body)
        if result is None:
            return None, {}
        if not result.ok:
            if fails_on_error(entry):
                return result.info(), {}
            log.warning("hook %s failed (%s); restOnError LOG, going on", method, result.info())
            return None, {}
        answer = result.body
        assert isinstance(answer, dict), "an ok result has a JSON object body"
        return None, {key: answer[key] for key in overwrites(entry) if key in answer}

    async def _closed(self) -> None:
        for call in list(self.calls.values()):
            await calls.end(self, call)
        if self.state == "new":
            return
        event = self.connection | {"status": "DISCONNECTED"}
        await self.hook("ConnectionStatusEvent", event)
        log.info("session %s closed", self.id)

    async def _ping(self) -> None:
        # As WCS does every `keep_alive.server_interval` (5 s by default); the SDK answers pong.
        while True:
            await asyncio.sleep(self.gateway.settings.ping_interval)
            await self.send("ping", None)


async def _pong(session: Session, fields: dict) -> None:
    await session.send("pong", None)


async def _nothing(session: Session, fields: dict) -> None:
    return None


Handler = Callable[[Session, dict], Awaitable[None]]
OPEN_HANDLERS: dict[str, Handler] = {
    "connection": on_connection,
    "ping": _pong,
    "pong": _nothing,
}
HANDLERS: dict[str, Handler] = OPEN_HANDLERS | {
    "call": calls.place,
    "hangup": calls.hangup,
    **actions.handlers(),
}
