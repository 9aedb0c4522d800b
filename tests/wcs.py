"""A stand-in for WCS in tests: builds documented hook bodies and signs them as WCS does."""

from __future__ import annotations

import itertools
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from flask.testing import FlaskClient

from callgate.hooks.verify import sign

_ports = itertools.count(40000)


def session_id(ip: str = "203.0.113.7", port: int | None = None) -> str:
    """Return a WCS sessionId `/client-ip:port/server-ip:port` (Java prints IPv6 bare)."""
    return f"/{ip}:{port or next(_ports)}/198.51.100.1:8443"


class FakeWcs:
    """Posts signed hook requests to the app like a WCS node with `rest_hook_send_hash=true`."""

    def __init__(self, client: FlaskClient, secret: str) -> None:
        self.client = client
        self.secret = secret

    def post(
        self,
        method: str,
        body: dict | bytes,
        *,
        secret: str | None = None,
        authorization: str | None = None,
        signed: bool = True,
    ):
        """POST `body` (a dict is serialized compactly) to `/hooks/wcs/<method>`."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        elif signed:
            headers["Authorization"] = sign(raw, secret or self.secret)
        return self.client.post(f"/hooks/wcs/{method}", data=raw, headers=headers)

    def open_session(self, token: str, origin: str) -> str:
        """Connect a new session with `token` from `origin`; return its sessionId."""
        sid = session_id()
        response = self.post("connect", self.connect_body(token, origin, sid))
        assert response.status_code == 200, response.get_json()
        return sid

    @staticmethod
    def connect_body(token: object, origin: str | None, sid: str, **extra: object) -> dict:
        """Return a `/connect` body as WCS 5.2 documents it, with the SDK's fields."""
        body = {
            "nodeId": "node-1",
            "appKey": "callgate",
            "sessionId": sid,
            "useWsTunnel": False,
            "mediaProviders": ["WebRTC"],
            "clientVersion": "2.0",
            "clientOSVersion": "5.0 (X11)",
            "clientBrowserVersion": "Mozilla/5.0",
            "keepAlive": False,
            "custom": {"token": token},
        }
        if origin is not None:
            body["origin"] = origin
        return body | extra

    @staticmethod
    def call_body(
        sid: str, call_id: str | None = None, callee: str = "+88213000000", **extra: object
    ) -> dict:
        """Return a `/call` body (the WCS Call object); the callee is what the page asked for."""
        return {
            "nodeId": "node-1",
            "appKey": "callgate",
            "sessionId": sid,
            "callId": call_id or str(uuid.uuid1()),
            "incoming": False,
            "status": "PENDING",
            "caller": "",
            "callee": callee,
            "visibleName": "Web caller",
            "hasAudio": True,
            "hasVideo": False,
            "mediaProvider": "WebRTC",
            "sdp": "v=0\r\n",
        } | extra

    @staticmethod
    def event_body(sid: str, status: str, call_id: str | None = None, **extra: object) -> dict:
        """Return a status event body for a session, or for a call when `call_id` is given."""
        body = {"nodeId": "node-1", "appKey": "callgate", "sessionId": sid, "status": status}
        if call_id:
            body["callId"] = call_id
        return body | extra

    def call_status(self, call: dict, status: str):
        """POST `CallStatusEvent` with `status` for the call whose `/call` body is `call`."""
        body = self.event_body(call["sessionId"], status, call["callId"])
        return self.post("CallStatusEvent", body)


class WcsRestApi:
    """A stand-in for WCS's management REST API on loopback: records requests, answers `status`."""

    def __init__(self) -> None:
        self.status = 200
        self.requests: list[dict] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                headers = dict(self.headers)
                api.requests.append({"path": self.path, "headers": headers, "body": body})
                self.send_response(api.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/rest-api"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
