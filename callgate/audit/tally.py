"""Refusals a flood repeats (unsigned hooks, token requests over a limit) counted in memory and
written in batches, so that a flood costs no database write per request.

Each worker process adds a refusal to its tally under (minute, action, reason, source, code,
button, client); a thread of the process writes the tally every CALLGATE_REFUSAL_FLUSH_SECONDS
through audit/repeated.py, one upsert per key adding its count, and logs one line per key.
Nothing here is shared between processes: each writes its own counts into the same audit rows.
At most one interval of counts is lost if a worker dies; the refusals themselves were answered
already.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from callgate.audit.repeated import record_times
from callgate.audit.say import SAY


@dataclass(frozen=True)
class Refusal:
    """What a counted row is keyed by, and what its first refusal said."""

    action: str
    reason: str
    source: str | None
    code: str
    said: dict = field(hash=False, compare=False)
    button_id: str | None = None
    client_ip: str | None = None


#: Writes (refusal, how many, when the first of them was) rows; the app's own writer.
Writer = Callable[[list[tuple[Refusal, int, datetime]]], None]


class Tally:
    """Refusals counted since the last write, written by a thread every `interval` seconds."""

    def __init__(self, writer: Writer, interval: float, logger: str, noun: str) -> None:
        """Write with `writer` every `interval` seconds (0: at once); log to `logger` a line per
        key, naming what was refused by `noun` ("hook connect refused 3 time(s): ...")."""
        self.writer, self.interval = writer, interval
        self.log, self.noun = logging.getLogger(logger), noun
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
            self.log.exception("%d counted %s refusals could not be written", len(rows), self.noun)
        for refusal, count, _ in rows:
            said = (self.noun, refusal.action, count, refusal.reason)
            self.log.warning("%s %s refused %d time(s): %s", *said)

    def _run(self) -> None:
        pid = os.getpid()
        while self._pid == pid:
            threading.Event().wait(self.interval)
            self.flush()


def write_counted(db: Session, rows: list[tuple[Refusal, int, datetime]]) -> None:
    """Write counted refusals: each key's count in the audit row of the minute of its first
    refusal (audit/repeated.py)."""
    for refusal, times, at in rows:
        key = (refusal.action, refusal.reason, refusal.source)
        ids = {"button_id": refusal.button_id, "client_ip": refusal.client_ip}
        record_times(db, key, times, at, details={SAY: refusal.said}, code=refusal.code, **ids)
