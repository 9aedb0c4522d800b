"""Handing a used PostgreSQL test database to the next test, put back as the template left it.

Copying the template and dropping the copy costs a few hundred milliseconds a test on a busy
server (a checkpoint, files, WAL); emptying the tables costs a few. A database is reused only
when nothing can tell: no connection is open to it, its schema is exactly the template's (a
test that migrated or altered it is dropped as before), and after the reset every table holds
the template's rows, every sequence its value, and no table keeps statistics from the last test.
"""

from __future__ import annotations

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection, Engine

#: One text that changes with any change to the schema: columns, indexes, constraints,
#: triggers, sequences and the migration it is at.
SHAPE = text(
    """
    SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
      SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
             || ':' || coalesce(column_default, '') AS item
        FROM information_schema.columns WHERE table_schema = 'public'
      UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT conrelid::regclass || ':' || conname || ':' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT tgrelid::regclass || ':' || tgname FROM pg_trigger
        WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'pg_%'
      UNION ALL SELECT 'sequence:' || sequencename FROM pg_sequences WHERE schemaname = 'public'
      UNION ALL SELECT 'version:' || version_num FROM alembic_version
    ) AS shape
    """
)
SEQUENCES = text(
    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
    "ORDER BY sequencename"
)
WRITTEN = text(
    "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
    "AND relkind = 'r' AND pg_relation_size(oid) > 0"
)
CONNECTED = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name")
FORGET_STATISTICS = text(
    "DELETE FROM pg_statistic WHERE starelid IN "
    "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
)


class Snapshot:
    """What a freshly migrated template holds: its schema's shape, rows and sequence values."""

    def __init__(self, template: Engine) -> None:
        self.metadata = MetaData()
        with template.connect() as connection:
            self.metadata.reflect(connection)
            self.shape = connection.scalar(SHAPE)
            self.tables = [t for t in self.metadata.sorted_tables if t.name != "alembic_version"]
            self.rows = {
                t.name: [dict(r) for r in connection.execute(t.select()).mappings()]
                for t in self.tables
            }
            self.sequences = list(connection.execute(SEQUENCES))

    def restore(self, connection: Connection) -> bool:
        """Put a used copy back to this snapshot, in the connection's transaction.

        Returns False, changing nothing, when the copy's schema is not the template's.
        """
        if connection.scalar(SHAPE) != self.shape:
            return False
        # Only tables that ever held a row have a file to empty: truncating the rest is waste.
        written = set(connection.scalars(WRITTEN))
        names = ", ".join(f'"{t.name}"' for t in self.tables if t.name in written)
        if names:
            connection.execute(text(f"TRUNCATE {names} CASCADE"))
        for table in self.tables:
            if self.rows[table.name]:
                connection.execute(table.insert(), self.rows[table.name])
        for name, value in self.sequences:
            called = value is not None
            connection.execute(
                text("SELECT setval(:name, :value, :called)"),
                {"name": f'"{name}"', "value": value or 1, "called": called},
            )
        connection.execute(FORGET_STATISTICS)
        return True


def idle(server: Engine, name: str) -> bool:
    """Say whether no connection at all is open to database `name`."""
    with server.connect() as connection:
        return connection.scalar(CONNECTED, {"name": name}) == 0
