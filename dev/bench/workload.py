"""The requests a benchmark round replays: signed hook bodies and token requests, one per line.

Each `/connect` line carries a fresh call token and its own sessionId; each `/call` line names a
session opened beforehand; each FINISH line ends a call placed beforehand; each token request
comes from its own client address (through X-Forwarded-For), so every answer can be a 200 with
every check on.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from callgate.calltokens.tokens import issue_token
from callgate.hooks.verify import sign
from dev.bench.wrk import Expect

SEED_ORIGIN = "https://yourdomain.com"
#: An origin no bench button allows (and the seed's substring check refuses).
STRANGER = "https://stranger.example"
#: The address whose token allowance is spent before an `overlimit` round: outside 10/8,
#: where every other token request's address is, so none of them shares its spent network.
SPENT = "192.0.2.77"
#: The answer each kind of request must get from Callgate (bench buttons: SIP login "bench",
#: callee "7001") and the seed's hook (which injects "10001", "10002"); the refusal kinds
#: are measured against the seed refusing a foreign origin.
EXPECT = {
    "connect": Expect(200, '"sipLogin":"bench"'),
    "call": Expect(200, '"callee":"7001"'),
    "finish": Expect(200, '"status":"FINISH"'),
    "token": Expect(200, '"token":"'),
    "floor": Expect(200, '"status":"ok"'),
    "unsigned": Expect(403, '"reason":"missing or malformed signature"'),
    "unknown": Expect(404, '"error":"not_found"'),
    "overlimit": Expect(429, '"error":"rate_limited"'),
    "origin": Expect(403, '"error":"origin_not_allowed"'),
}
SEED_EXPECT = {
    "connect": Expect(200, '"sipLogin":"10001"'),
    "call": Expect(200, '"callee":"10002"'),
    "finish": Expect(200, '"status":"FINISH"'),
    "refused": Expect(403),
}


@dataclass(frozen=True)
class Target:
    """What one side of the benchmark answers with: its hook secret, token key and buttons."""

    hook_secret: str
    token_keys: list[str]
    origin: str
    buttons: list[str]


def session_id(n: int) -> str:
    """Return the n-th distinct WCS sessionId (a visitor address and port per session)."""
    return f"/10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}:{10000 + n % 50000}/192.0.2.5:8443"


def _line(path: str, headers: dict[str, str], body: bytes) -> str:
    fields = [path, *(f"{name}: {value}" for name, value in headers.items()), body.decode()]
    return "\t".join(fields)


def _hook(method: str, body: dict, secret: str) -> str:
    raw = json.dumps(body, separators=(",", ":")).encode()
    return _line(f"/hooks/wcs/{method}", {"Authorization": sign(raw, secret)}, raw)


def connect_body(n: int, token: str | None, origin: str) -> dict:
    """Return a `/connect` body as WCS sends it, for session n."""
    return {
        "nodeId": "bench-node@192.0.2.5",
        "appKey": "callgate",
        "sessionId": session_id(n),
        "useWsTunnel": False,
        "mediaProviders": ["WebRTC"],
        "clientVersion": "2.0",
        "clientOSVersion": "5.0 (X11)",
        "clientBrowserVersion": "Mozilla/5.0",
        "origin": origin,
        "custom": {"token": token} if token else {},
    }


def call_id(n: int) -> str:
    """Return the callId of the call placed by session n."""
    return str(uuid.UUID(int=n + 1))


def call_body(n: int) -> dict:
    """Return a `/call` body for session n (the page asks for a number; we force ours)."""
    return {
        "nodeId": "bench-node@192.0.2.5",
        "appKey": "callgate",
        "sessionId": session_id(n),
        "callId": call_id(n),
        "incoming": False,
        "status": "PENDING",
        "caller": "",
        "callee": "+88213000000",
        "visibleName": "Web visitor",
        "hasVideo": False,
        "hasAudio": True,
        "mediaProvider": "WebRTC",
    }


def finish_body(n: int) -> dict:
    """Return the CallStatusEvent FINISH of the call of session n."""
    return {
        "nodeId": "bench-node@192.0.2.5",
        "appKey": "callgate",
        "sessionId": session_id(n),
        "callId": call_id(n),
        "status": "FINISH",
        "incoming": False,
        "callee": "7001",
    }


def lines(kind: str, first: int, count: int, target: Target) -> Iterator[str]:
    """Yield `count` request lines of `kind` for sessions first, first+1, …"""
    for n in range(first, first + count):
        button = target.buttons[n % len(target.buttons)]
        if kind == "connect":
            keys = target.token_keys
            token = issue_token(keys, button, target.origin) if keys else None
            yield _hook("connect", connect_body(n, token, target.origin), target.hook_secret)
        elif kind == "call":
            yield _hook("call", call_body(n), target.hook_secret)
        elif kind == "finish":
            yield _hook("CallStatusEvent", finish_body(n), target.hook_secret)
        elif kind == "floor":
            yield _line("GET /healthz", {}, b"")
        elif kind == "refused":
            yield _hook("connect", connect_body(n, None, STRANGER), target.hook_secret)
        elif kind == "unsigned":
            raw = json.dumps(connect_body(n, None, target.origin)).encode()
            yield _line("/hooks/wcs/connect", {}, raw)
        elif kind in ("token", "unknown", "origin", "overlimit"):
            yield _token_request(kind, n, button, target.origin)
        else:
            raise ValueError(f"unknown kind of request {kind!r}")


def _token_request(kind: str, n: int, button: str, origin: str) -> str:
    """Return a token request of `kind`; each from an address and a network of its own (per
    address and per network limits), for 65,536 requests in a row, but `overlimit`'s."""
    client = SPENT if kind == "overlimit" else f"10.{n >> 8 & 255}.{n & 255}.{n >> 16 & 255}"
    button = f"nosuchbutton{n}" if kind == "unknown" else button
    return token_line(button, STRANGER if kind == "origin" else origin, client)


def token_line(button: str, origin: str, client: str) -> str:
    """Return a token request for `button` from a page of `origin`, at address `client`."""
    headers = {"Origin": origin, "X-Forwarded-For": client}
    return _line(f"/api/v1/buttons/{button}/token", headers, b"")


def write(path: Path, kind: str, first: int, count: int, target: Target) -> Path:
    """Write the request file of one round; return its path."""
    with path.open("w", encoding="utf-8") as out:
        for line in lines(kind, first, count, target):
            out.write(line + "\n")
    return path
