"""The hooks' front gate: a WSGI layer that refuses hooks from outside the allowed networks and
unsigned or wrongly signed hooks before Flask is involved, with the same answer Flask would give.

A refusal here reads the body, checks one HMAC, counts the refusal in the tally (audit/tally.py)
and answers: no request context, no session, no database write. A request it does not refuse
goes on to Flask unchanged (its body put back), where the same checks run again.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from flask import Flask

from callgate.addresses import IPAddress, in_networks, parse_ip, parse_networks
from callgate.audit import tally
from callgate.errors import CallgateError
from callgate.hooks import auditing, routes
from callgate.hooks.verify import SignatureError, verify_signature
from callgate.runtime import logs
from callgate.telemetry import metrics

PREFIX = "/hooks/wcs/"


class HookGate:
    """Wraps the app's WSGI callable; see the module's docstring."""

    def __init__(self, inner: Any, app: Flask, counted: tally.Tally) -> None:
        config = app.config
        self.inner, self.tally = inner, counted
        self.secrets = list(config["WCS_HOOK_SECRETS"])
        self.networks = parse_networks(config["HOOK_ALLOWED_CIDRS"])
        self.limit, self.trusted = config["MAX_CONTENT_LENGTH"], config["TRUSTED_PROXIES"]

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        """Answer a refused hook here; hand everything else to the app."""
        started = time.perf_counter()
        method = _method(environ)
        if method is None:
            return self.inner(environ, start_response)
        source = parse_ip(environ.get("REMOTE_ADDR"))
        refused = self._refusal(environ, source)
        if refused is None:
            return self.inner(environ, start_response)
        sender = str(source) if source else environ.get("REMOTE_ADDR")
        action = auditing.action_of(method)
        refusal = tally.Refusal(action, refused.message, sender, refused.code, refused.said)
        self.tally.add(refusal, datetime.now(UTC))
        metrics.hook_answered(method or "", routes.HANDLERS, 403, time.perf_counter() - started)
        return self._answer(environ, start_response, refused.message)

    def _refusal(self, environ: dict, source: IPAddress | None) -> CallgateError | None:
        """Return why this hook is refused, or None to let the app decide (its body put back)."""
        if self.networks and not in_networks(source, self.networks):
            return routes.SourceNotAllowed("source not allowed")
        length = _length(environ)
        if length is None or length > self.limit:
            return None  # chunked, absent or too long: the app answers those
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        if len(body) != length:
            return None
        try:
            verify_signature(body, environ.get("HTTP_AUTHORIZATION"), self.secrets)
        except SignatureError as exc:
            return exc
        return None

    def _answer(self, environ: dict, start_response: Any, reason: str) -> list[bytes]:
        body = _body(reason)
        offered = environ.get("HTTP_X_REQUEST_ID") if self.trusted else None
        environ[logs.ENVIRON_KEY] = request_id = logs.new_request_id(offered)
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
            (logs.HEADER, request_id),
        ]
        start_response("403 FORBIDDEN", headers)
        return [body]


@cache
def _body(reason: str) -> bytes:
    """Return the hook's refusal body for `reason`, as Flask writes it (one of a few)."""
    return json.dumps({"reason": reason, "status": 403}, separators=(",", ":")).encode() + b"\n"


def _method(environ: dict) -> str | None:
    """Return the hook method a POST names (`/hooks/wcs/<method>`), else None."""
    path = environ.get("PATH_INFO", "")
    if environ.get("REQUEST_METHOD") != "POST" or not path.startswith(PREFIX):
        return None
    method = path[len(PREFIX) :]
    return method if method and "/" not in method else None


def _length(environ: dict) -> int | None:
    """Return the body's declared length, or None if it declares none or a bad one."""
    text = environ.get("CONTENT_LENGTH") or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
