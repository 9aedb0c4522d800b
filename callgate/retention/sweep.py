"""The retention sweep: delete what is older than its kind's period, in small batches.

Each batch is one short statement (`DELETE … WHERE id IN (SELECT id … WHERE <time> < cutoff
ORDER BY <time> LIMIT n)`, on an indexed time column) and its own commit, so the hooks never
wait behind it for more than one batch. Only the holder of the watchdog lease sweeps (the
watchdog loop calls it), and it stops as soon as the lease is no longer its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, select
from sqlalchemy.orm import Session

from callgate.db import rollups
from callgate.db.alerts import AlertMessage
from callgate.db.integrations import WebhookMessage
from callgate.db.models import AuditEvent, Call, CallEvent, WcsSession
from callgate.db.routes import CallContext
from callgate.db.statements import table_of
from callgate.db.visitors import CallbackRequest, CallExtras
from callgate.retention.periods import Periods
from callgate.telemetry import metrics

log = logging.getLogger(__name__)

#: Rows per statement: small enough that a batch takes milliseconds.
BATCH = 500
#: Batches per round of the watchdog; what is left is swept on the next rounds.
ROUND_BATCHES = 40
#: Pause between two complete sweeps.
EVERY = timedelta(minutes=10)
#: Kind -> its tables and the (indexed) time column that dates each row.
TARGETS: dict[str, list[tuple[Any, Any]]] = {
    # Webhook messages and alerts copy callback requests and calls: kept no longer than the
    # shorter period (webhooks dated by their last try, at most a day after they were queued).
    "callbacks": [
        (CallbackRequest, CallbackRequest.created_at),
        (WebhookMessage, WebhookMessage.next_at),
        (AlertMessage, AlertMessage.created_at),
    ],
    "calls": [
        (Call, Call.created_at),
        (WcsSession, WcsSession.opened_at),
        (CallEvent, CallEvent.at),
        (CallContext, CallContext.created_at),
    ],
    "reports": [(CallExtras, CallExtras.reported_at)],
    "audit": [(AuditEvent, AuditEvent.at)],
}


@dataclass
class Swept:
    """What one sweep deleted, per kind, and whether it reached the end of every table."""

    deleted: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in TARGETS})
    finished: bool = True


def delete_batch(db: Session, model: Any, column: Any, cutoff: datetime, size: int) -> int:
    """Delete up to `size` rows of `model` dated before `cutoff`, oldest first; return how many."""
    table: Table = table_of(model)
    [key] = table.primary_key.columns
    oldest = select(key).where(column < cutoff).order_by(column).limit(size)
    # A DELETE gives a CursorResult (Session.execute is typed as a plain Result).
    return cast(CursorResult[Any], db.execute(delete(table).where(key.in_(oldest)))).rowcount


def sweep(
    db: Session,
    periods: Periods,
    now: datetime,
    still_ours: Callable[[], bool] = lambda: True,
    batches: int = ROUND_BATCHES,
    size: int = BATCH,
) -> Swept:
    """Delete every row older than its kind's period at `now`, at most `batches` batches.

    Each batch commits. Before each, `still_ours()` is asked (the lease): on False it stops,
    unfinished. Raises SQLAlchemyError (the caller rolls back and tries next round).
    """
    swept = Swept()
    for kind, targets in TARGETS.items():
        cutoff = periods.cutoff(kind, now)
        if cutoff is None:
            continue
        for model, column in targets:
            count = size
            while count == size:
                if batches == 0 or not still_ours():
                    swept.finished = False
                    return swept
                count = delete_batch(db, model, column, cutoff, size)
                if count and model in (Call, AuditEvent):
                    rollups.forget(db, cutoff)  # its days may have lost calls or refusals
                db.commit()
                batches -= 1
                swept.deleted[kind] += count
    return swept


@dataclass
class Sweeper:
    """When the lease holder sweeps: at once, then every EVERY, sooner while rows are left."""

    periods: Periods
    due_at: datetime | None = None

    def due(self, now: datetime) -> bool:
        """Tell whether a sweep is due at `now`."""
        return self.due_at is None or now >= self.due_at

    def run(self, db: Session, now: datetime, still_ours: Callable[[], bool]) -> Swept:
        """Sweep at `now`, count it in the metrics; the next is due after EVERY, or at the next
        round if rows were left."""
        swept = sweep(db, self.periods, now, still_ours)
        self.due_at = now + EVERY if swept.finished else now
        metrics.retention_swept(swept.deleted, swept.finished)
        if any(swept.deleted.values()):
            counts = ", ".join(f"{kind} {n}" for kind, n in swept.deleted.items() if n)
            log.info("retention: deleted rows past their period: %s", counts)
        return swept
