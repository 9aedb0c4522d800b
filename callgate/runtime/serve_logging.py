"""gunicorn's side of bin/serve: its log lines (text or JSON, redacted) and its worker hooks."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from flask import Flask
from gunicorn import glogging

from callgate import db
from callgate.runtime import logs
from callgate.vault import redact

#: Longest path, query or user agent an access line keeps: they are the client's to choose.
FIELD_MAX = 512


class TextLogger(glogging.Logger):
    """gunicorn's own lines, with the vault's redaction filter on every handler it sets up."""

    def setup(self, cfg: Any) -> None:
        """Set up gunicorn's handlers (also on reload), then filter them."""
        super().setup(cfg)
        redact.install()


class JsonLogger(TextLogger):
    """gunicorn's lines as JSON; access lines as fields, with the request id the app gave."""

    def setup(self, cfg: Any) -> None:
        """Set up gunicorn's handlers, then make each write JSON lines."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(logs.formatter("json"))

    def access(self, resp: Any, req: Any, environ: dict, request_time: datetime.timedelta) -> None:
        """Log one request as fields (cut where the client chose them); never raise."""
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "remote": environ.get("REMOTE_ADDR"),
            "method": str(environ.get("REQUEST_METHOD"))[:16],
            "path": str(environ.get("PATH_INFO", ""))[:FIELD_MAX],
            "query": str(environ.get("QUERY_STRING", ""))[:FIELD_MAX],
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "user_agent": str(environ.get("HTTP_USER_AGENT", ""))[:FIELD_MAX],
            "request_id": environ.get(logs.ENVIRON_KEY),
        }
        try:
            self.access_log.info(
                "%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields
            )
        except Exception:  # a log line must never break the answer already sent
            self.error_log.exception("access log failed")


def logger_class(kind: str) -> type[glogging.Logger]:
    """Return gunicorn's logger class for CALLGATE_LOG_FORMAT `kind`."""
    return JsonLogger if kind == "json" else TextLogger


def after_fork(app: Flask) -> None:
    """In a new worker: drop the database connections inherited from the master."""
    # SQLite and PostgreSQL connections must not be shared across processes.
    app.extensions[db.EXTENSION].kw["bind"].dispose(close=False)


def worker_gone(pid: int) -> None:
    """Tell prometheus-client that worker `pid` is dead, so its live gauges leave the sum."""
    from prometheus_client import multiprocess  # loaded after PROMETHEUS_MULTIPROC_DIR is set

    multiprocess.mark_process_dead(pid)
    logging.getLogger("callgate").debug("worker %s gone", pid)
