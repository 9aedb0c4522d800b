"""A lease in the database: at most one process holds a named lease at a time, on any host.

Taking and renewing are one atomic statement (INSERT … ON CONFLICT DO UPDATE … WHERE the lease
has expired or is already ours … RETURNING), the same on SQLite 3.35+ and PostgreSQL, so two
processes can never both get it. A holder that dies keeps it until it expires; one that stops
cleanly releases it, so another takes it at its next try.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from callgate.db.leases import LeaseRow
from callgate.db.statements import DIALECTS, table_of

_table = table_of(LeaseRow)


def holder_id() -> str:
    """Return a holder id unique to this process: host, process id and a random part."""
    # The host name is cut so the id always fits `leases.holder`.
    return f"{socket.gethostname()[:150]}:{os.getpid()}:{secrets.token_hex(4)}"


@cache
def _take(dialect: str) -> Any:
    """Build the take-or-renew statement once; parameters: name, holder, expires_at, now."""
    when = _table.c.expires_at.type
    statement: Any = DIALECTS[dialect](_table).values(
        name=bindparam("name"),
        holder=bindparam("holder"),
        expires_at=bindparam("expires_at", type_=when),
    )
    free = _table.c.expires_at <= bindparam("now", type_=when)
    return statement.on_conflict_do_update(
        index_elements=[_table.c.name],
        set_={"holder": statement.excluded.holder, "expires_at": statement.excluded.expires_at},
        where=free | (_table.c.holder == statement.excluded.holder),
    ).returning(_table.c.expires_at)


class Lease:
    """This process's claim on the lease `name`, held `seconds` from each take or renewal."""

    def __init__(self, name: str, seconds: float, holder: str | None = None) -> None:
        """Claim as `holder` (default: a new id unique to this process); nothing is taken yet."""
        self.name = name
        self.seconds = seconds
        self.holder = holder or holder_id()
        self.expires_at: datetime | None = None

    def take(self, db: Session, now: datetime) -> str | None:
        """Take or renew the lease at `now`; return "taken", "renewed" or None (held by another).

        "taken" means this holder did not hold it until `now`: it is new, or it takes over from
        a holder whose lease expired. Commits; a database error is raised.
        """
        held = self.expires_at is not None and now < self.expires_at
        values = {"name": self.name, "holder": self.holder, "now": now}
        values["expires_at"] = now + timedelta(seconds=self.seconds)
        expires_at = db.execute(_take(db.get_bind().dialect.name), values).scalar()
        db.commit()
        self.expires_at = expires_at
        if expires_at is None:
            return None
        return "renewed" if held else "taken"

    def holds(self, db: Session, now: datetime) -> bool:
        """Tell whether the database says this holder still holds the lease at `now`."""
        query = select(_table.c.name).where(
            _table.c.name == self.name,
            _table.c.holder == self.holder,
            _table.c.expires_at > now,
        )
        return db.execute(query).first() is not None

    def release(self, db: Session) -> None:
        """Give the lease up if this holder has it, so another may take it at once. Commits."""
        db.execute(delete(_table).where(_table.c.name == self.name, _table.c.holder == self.holder))
        db.commit()
        self.expires_at = None
