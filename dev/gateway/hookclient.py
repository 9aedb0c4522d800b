"""POST REST hooks the way WCS does: compact JSON, `Authorization: WCS <HMAC-MD5>`, a timeout."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import socket
import time
from dataclasses import dataclass

import aiohttp

from dev.gateway.faults import Faults
from dev.gateway.stats import Stats

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HookResult:
    """One hook answer: HTTP status (None on a transport error), reason phrase, JSON body."""

    status: int | None
    reason: str
    body: object = None

    @property
    def ok(self) -> bool:
        """Return True for a 200 answer whose body is a JSON object."""
        return self.status == 200 and isinstance(self.body, dict)

    def info(self) -> str:
        """Return what WCS relays to the client: the custom `reason`, else the phrase."""
        body = self.body
        if isinstance(body, dict) and set(body) == {"status", "reason"}:
            return str(body["reason"])
        if self.status == 200:
            return "Invalid response"
        return self.reason


def signature(body: bytes, secret: str) -> str:
    """Return the `Authorization` value WCS sends for `body` under `secret`."""
    return "WCS " + hmac.new(secret.encode(), body, hashlib.md5).hexdigest()


class HookClient:
    """Deliver hooks to `<url>/<method>`, applying the current faults."""

    def __init__(self, url: str, secret: str | None, timeout: float, stats: Stats) -> None:
        self.url = url.rstrip("/")
        self.secret = secret
        self.timeout = timeout
        self.stats = stats
        self.faults = Faults()
        self._http: aiohttp.ClientSession | None = None
        self._closed_port: socket.socket | None = None

    async def start(self) -> None:
        """Open the HTTP client and reserve a local port that refuses connections."""
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        # Bound but never listening: connecting to it is a real "connection refused".
        self._closed_port = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._closed_port.bind(("127.0.0.1", 0))

    async def close(self) -> None:
        """Close the HTTP client and release the reserved port."""
        if self._http:
            await self._http.close()
        if self._closed_port:
            self._closed_port.close()

    async def post(self, method: str, body: dict, *, connected: bool = False) -> HookResult:
        """POST `body` as hook `method` (as many times as `repeat`); return the first answer."""
        faults = self.faults
        delay = faults.take_delay(method)
        if delay:
            await asyncio.sleep(delay)
        raw = json.dumps(body, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json"}
        if self.secret and not faults.unsigned:
            headers["Authorization"] = signature(raw, self.secret)
        base = self.url
        if faults.backend_down or (faults.backend_down_after_connect and connected):
            assert self._closed_port is not None, "post() before start()"
            base = f"http://127.0.0.1:{self._closed_port.getsockname()[1]}/hooks/wcs"
        results = [
            await self._deliver(method, f"{base}/{method}", raw, headers)
            for _ in range(faults.repeat)
        ]
        return results[0]

    async def _deliver(self, method: str, url: str, raw: bytes, headers: dict) -> HookResult:
        assert self._http is not None, "post() before start()"
        started = time.monotonic()
        try:
            async with self._http.post(url, data=raw, headers=headers) as response:
                text = await response.read()
                result = HookResult(response.status, response.reason or "", _json(text))
        except TimeoutError:
            result = HookResult(None, "Read timed out")
        except aiohttp.ClientError:
            result = HookResult(None, "Backend unreachable")
        ms = (time.monotonic() - started) * 1000
        status = result.status or "error"
        self.stats.hook(method, status, ms)
        log.info("hook %s -> %s (%s) in %.0f ms", method, status, result.reason, ms)
        return result


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except ValueError:
        return None
