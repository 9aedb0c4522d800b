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

#: One text that changes with any change to the schema: columns (type, nullability, default),
#: indexes, constraints, triggers, sequences and the migration it is at. Read from the system
#: catalogs: information_schema's views take about twice as long.
SHAPE_SQL = """
    SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
      SELECT c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
             || ':' || a.attnotnull || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
             AS item
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'p')
         AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace
      UNION ALL SELECT conrelid::regclass || ':' || conname || ':' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT tgrelid::regclass || ':' || tgname FROM pg_trigger
        WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'pg_%'
      UNION ALL SELECT 'sequence:' || relname FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'S'
      UNION ALL SELECT 'version:' || version_num FROM alembic_version
    ) AS shape
"""
#: The tables that ever held a row (only those have a file to empty).
WRITTEN_SQL = """
    SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
       AND relkind = 'r' AND pg_relation_size(oid) > 0
"""
SHAPE = text(SHAPE_SQL)
#: The shape and the written tables, in one round trip.
LOOK = text(f"SELECT ({SHAPE_SQL}) AS shape, ARRAY({WRITTEN_SQL}) AS written")
SEQUENCES = text(
    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
    "ORDER BY sequencename"
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
        # Every sequence set back in one statement (one round trip).
        calls = [f"setval(:name{n}, :value{n}, :called{n})" for n in range(len(self.sequences))]
        self.reset_sequences = text("SELECT " + ", ".join(calls))
        self.sequence_values: dict[str, object] = {}
        for n, (name, value) in enumerate(self.sequences):
            self.sequence_values |= {
                f"name{n}": f'"{name}"',
                f"value{n}": value or 1,
                f"called{n}": value is not None,
            }

    def restore(self, connection: Connection) -> bool:
        """Put a used copy back to this snapshot, in the connection's transaction.

        Returns False, changing nothing, when the copy's schema is not the template's.
        """
        shape, written = connection.execute(LOOK).one()
        if shape != self.shape:
            return False
        names = ", ".join(f'"{t.name}"' for t in self.tables if t.name in set(written))
        if names:
            connection.execute(text(f"TRUNCATE {names} CASCADE"))
        for table in self.tables:
            if self.rows[table.name]:
                connection.execute(table.insert(), self.rows[table.name])
        if self.sequences:
            connection.execute(self.reset_sequences, self.sequence_values)
        connection.execute(FORGET_STATISTICS)
        return True


def idle(server: Engine, name: str) -> bool:
    """Say whether no connection at all is open to database `name`."""
    with server.connect() as connection:
        return connection.scalar(CONNECTED, {"name": name}) == 0
