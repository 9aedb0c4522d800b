"""Write audit events; writing never breaks the request that made the decision.

A single decision is one row (`add`, `record`); refusals a flood repeats are counted instead
(audit/repeated.py). A row's `reason` is English, for `flask audit list` and the API; its
code and values (audit/say.py) are what the console says. The names other modules import
from here (`said`, `SAY`, `record_repeated`, `list_events`, ...) stay importable from here.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callgate.audit.repeated import MAX_SOURCES, OTHERS, record_repeated
from callgate.audit.rows import IDS, INSERT, values
from callgate.audit.say import SAY, said
from callgate.audit.search import list_events
from callgate.db.models import utcnow
from callgate.db.statements import without_waiting

__all__ = [
    "IDS",
    "MAX_SOURCES",
    "OTHERS",
    "SAY",
    "add",
    "list_events",
    "record",
    "record_repeated",
    "said",
]
log = logging.getLogger(__name__)


def add(
    db: Session,
    action: str,
    outcome: str,
    reason: str | None = None,
    *,
    details: dict | None = None,
    **ids: str | None,
) -> None:
    """Write one decision in the caller's transaction, which commits it with the decision.

    `ids` may also hold `actor` (who made a change) and `code` (a refusal's error code);
    `details` is a JSON object such as {"changes": {field: [old, new]}}.
    Raises SQLAlchemyError if the row cannot be written: the decision must then not stand.
    """
    db.execute(INSERT, {"at": utcnow(), **values(action, outcome, reason, ids, details)})


def record(
    db: Session,
    action: str,
    outcome: str,
    reason: str | None = None,
    *,
    promptly: bool = False,
    details: dict | None = None,
    **ids: str | None,
) -> None:
    """Store one decision (`outcome` is "allowed", "refused" or "done") in its own commit.

    `ids` may hold button_id, session_id, call_id, client_ip, source and origin (the page's,
    as widget/claimed_origins.py keeps it). A failure to write is logged, not raised: the
    decision itself has already been made and enforced. With `promptly`, the row is dropped
    (and logged) rather than wait for a lock held elsewhere.
    """
    row = {"at": utcnow(), **values(action, outcome, reason, ids, details)}
    try:
        with without_waiting(db) if promptly else nullcontext():
            db.execute(INSERT, row)
        db.commit()
    except SQLAlchemyError:
        db.rollback()
        log.error("audit event %s/%s could not be stored", action, outcome)
