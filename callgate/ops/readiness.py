"""Readiness: the database and the limit counters answer within a short timeout.

A probe runs its checks in one background thread per process and waits at most TIMEOUT for
them, so a database that hangs makes /readyz say 503 quickly instead of holding a worker; a
result is reused for TTL seconds, so a flood of probes costs at most one check a second.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from callgate import db
from callgate.ratelimit.limiter import EXTENSION as LIMITER

EXTENSION = "callgate.readiness"
TIMEOUT = 1.0
TTL = 1.0
log = logging.getLogger("callgate")


class Probe:
    """Answer whether `check` passes, within `timeout` seconds, reusing a result `ttl` seconds."""

    def __init__(self, check: Callable[[], bool], timeout: float = TIMEOUT, ttl: float = TTL):
        """Probe with `check`, which must return a bool and never raise."""
        self.check, self.timeout, self.ttl = check, timeout, ttl
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._running: Future[bool] | None = None
        self._result: tuple[float, bool] | None = None

    def ready(self) -> bool:
        """Return the fresh result, or run the check (one at a time) and wait for it."""
        now = time.time()
        with self._lock:
            if self._result and 0 <= now - self._result[0] < self.ttl:
                return self._result[1]
            if self._running is None or self._running.done():
                self._running = self._executor().submit(self.check)
            running = self._running
        try:
            result = running.result(timeout=self.timeout)
        except FutureTimeout:
            result = False
        with self._lock:
            if self._result is None or self._result[1] != result:
                log.log(logging.INFO if result else logging.WARNING, "ready: %s", result)
            self._result = (time.time(), result)
        return result

    @property
    def checking(self) -> bool:
        """Tell whether a check is running now (one that outlived its wait, for instance)."""
        return self._running is not None and not self._running.done()

    def _executor(self) -> ThreadPoolExecutor:
        # Created in the serving process: a pool made before gunicorn forks has no thread.
        if self._pool is None or self._pid != os.getpid():
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="callgate-readyz")
            self._pid = os.getpid()
        return self._pool


def database_answers(sessions: sessionmaker[Session]) -> bool:
    """Return True if the app's database answers and is a migrated Callgate database."""
    try:
        with sessions() as session:
            session.execute(text("SELECT version_num FROM alembic_version")).first()
    except SQLAlchemyError as exc:
        log.warning("ready: database: %s", type(exc).__name__)
        return False
    return True


def probe_for(app: Flask) -> Probe:
    """Return the probe of `app`: its database, then its token limiter's counter storage."""
    sessions = app.extensions[db.EXTENSION]

    def check() -> bool:
        limiter = app.extensions.get(LIMITER)
        counters = limiter is None or limiter.storage.check()
        if not counters:
            log.warning("ready: the limit counters do not answer")
        return database_answers(sessions) and counters

    return Probe(check)
