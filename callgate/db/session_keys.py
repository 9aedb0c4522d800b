"""Moving a closed WCS session's history to a new key, so that its session id can be used again.

WCS names a session after the client's address and port and its own (`/ip:port/ip:port` in
WCS 4), so a visitor behind NAT, or a port the client's system hands out again, can bring the
id of a session that closed long ago. Every table keeps a session's id as its key; the old
session's rows move together to `<id>~<its jti>`, which no WCS id has.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from callgate.db.fit import limit
from callgate.db.models import AuditEvent, Call, CallEvent, WcsSession
from callgate.db.visitors import CallExtras

KEEPERS = (WcsSession, Call, CallEvent, CallExtras, AuditEvent)
_PLAIN = {"synchronize_session": False}


def retired_key(session: WcsSession) -> str:
    """Return the key a closed session's rows move to: its id, cut to fit, then `~` and its jti."""
    suffix = f"~{session.jti}"
    most = limit(WcsSession.session_id) or len(session.session_id) + len(suffix)
    return session.session_id[: most - len(suffix)] + suffix


def retire(db: Session, session: WcsSession) -> str:
    """Move a closed session and everything stored under its id to retired_key; return that key.

    The caller commits, in the transaction that then stores the new session under the old id.
    """
    old, new = session.session_id, retired_key(session)
    db.expunge(session)
    for model in KEEPERS:
        column = model.__table__.c.session_id
        db.execute(
            update(model).where(column == old).values({column: new}), execution_options=_PLAIN
        )
    return new
