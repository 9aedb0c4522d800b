"""Logging: one line per record, as text or as JSON (CALLGATE_LOG_FORMAT), with request ids.

Every request gets an id: the proxy's `X-Request-ID` when proxies are trusted and it looks sane,
else a fresh one. It is echoed in the response header and carried by every JSON line logged
while the request is handled (and by the server's access line, through the WSGI environ).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from callgate.vault.redact import redact

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HEADER = "X-Request-ID"
#: Where the id waits in the WSGI environ for the server's access line.
ENVIRON_KEY = "callgate.request_id"
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


class RedactingJsonFormatter(JsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id, extra fields.

    Every string field goes through the redaction, not only the message.
    """

    def __init__(self) -> None:
        """Name the fields once; the record's own bookkeeping stays out of the line."""
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, "callgate_redacted"],
            timestamp="time",
        )

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        """Add the standard fields, then the request id of the record or of this request."""
        super().add_fields(log_data, record, message_dict)
        log_data.setdefault("request_id", getattr(record, "request_id", None) or request_id())

    def process_log_record(self, log_data: dict) -> dict:
        """Mask secrets in every string field (nested ones too) before the line is written."""
        ordered = {"time": log_data.pop("time", None), **log_data}
        return {key: _redacted(value) for key, value in ordered.items()}


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redacted(item) for item in value]
    return value


def formatter(kind: str) -> logging.Formatter:
    """Return the formatter for CALLGATE_LOG_FORMAT `kind` ("text" or "json")."""
    return RedactingJsonFormatter() if kind == "json" else logging.Formatter(FORMAT)


def init_app(app: Flask) -> None:
    """Log at CALLGATE_LOG_LEVEL in CALLGATE_LOG_FORMAT; give every request an id."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(app.config["LOG_FORMAT"]))
    logging.basicConfig(level=app.config["LOG_LEVEL"], handlers=[handler])
    logging.getLogger("alembic").setLevel(logging.WARNING)
    app.before_request(take_request_id)
    app.after_request(echo_request_id)


def request_id() -> str | None:
    """Return the current request's id, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


def take_request_id() -> None:
    """Adopt the trusted proxy's X-Request-ID if it is sane, else make one (32 hex digits).

    Also notes when the request began (`g.request_started`, perf_counter) for the latencies.
    """
    g.request_started = time.perf_counter()
    offered = request.headers.get(HEADER) if current_app.config["TRUSTED_PROXIES"] else None
    g.request_id = new_request_id(offered)
    request.environ[ENVIRON_KEY] = g.request_id


def new_request_id(offered: str | None) -> str:
    """Return `offered` (a trusted proxy's id) if it is sane, else a fresh id (32 hex digits)."""
    return offered if offered and _SANE.fullmatch(offered) else secrets.token_hex(16)


def echo_request_id(response: Response) -> Response:
    """Return the request id to the client in X-Request-ID."""
    response.headers[HEADER] = g.get("request_id") or ""
    return response
