"""Refused hooks counted in memory and written in batches, so that a flood costs no database
write per request.

Each worker process adds a refusal to its tally under (minute, action, reason, source, code);
a thread of the process writes the tally every CALLGATE_REFUSAL_FLUSH_SECONDS through
audit/repeated.py, one upsert per key adding its count, and logs one line per key. Nothing here
is shared between processes: each writes its own counts into the same audit rows. At most one
interval of counts is lost if a worker dies; the refusals themselves were answered already.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

log = logging.getLogger("callgate.hooks.routes")


@dataclass(frozen=True)
class Refusal:
    """What a counted row is keyed by, and what its first refusal said."""

    action: str
    reason: str
    source: str | None
    code: str
    said: dict = field(hash=False, compare=False)


#: Writes (refusal, how many, when the first of them was) rows; the app's own writer.
Writer = Callable[[list[tuple[Refusal, int, datetime]]], None]


class Tally:
    """Refusals counted since the last write, written by a thread every `interval` seconds."""

    def __init__(self, writer: Writer, interval: float) -> None:
        self.writer, self.interval = writer, interval
        self._counts: dict[tuple[datetime, Refusal], list] = {}
        self._lock = threading.Lock()
        self._pid: int | None = None  # the process whose thread writes (a fork starts anew)

    def add(self, refusal: Refusal, at: datetime) -> None:
        """Count one refusal at `at`; written at once when the interval is 0."""
        with self._lock:
            minute = at.replace(second=0, microsecond=0)
            entry = self._counts.setdefault((minute, refusal), [0, at])
            entry[0] += 1
            start = self.interval > 0 and self._pid != os.getpid()
            if start:
                self._pid = os.getpid()
        if self.interval <= 0:
            self.flush()
        elif start:
            threading.Thread(target=self._run, name="refusal-tally", daemon=True).start()
            atexit.register(self.flush)

    def flush(self) -> None:
        """Write and forget what was counted; a failure is logged, and those counts are lost."""
        with self._lock:
            taken, self._counts = self._counts, {}
        if not taken:
            return
        rows = [(refusal, count, at) for (_, refusal), (count, at) in taken.items()]
        try:
            self.writer(rows)
        except Exception:
            log.exception("%d counted hook refusals could not be written", len(rows))
        for refusal, count, _ in rows:
            log.warning("hook %s refused %d time(s): %s", refusal.action, count, refusal.reason)

    def _run(self) -> None:
        pid = os.getpid()
        while self._pid == pid:
            threading.Event().wait(self.interval)
            self.flush()
