"""Search a whole database for a value: every table, every text or JSON column, found by
introspection, so a table added later is searched too."""

from __future__ import annotations

from sqlalchemy import JSON, MetaData, String, Text, cast, func, or_, select

from tests import databases


def traces(database_url: str, *needles: str) -> list[tuple[str, str]]:
    """Return each (table, column) that holds any of `needles` anywhere in its text."""
    engine = databases.raw_engine(database_url)
    metadata = MetaData()
    metadata.reflect(engine)
    found = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, (String, Text, JSON)):
                    continue
                text = cast(column, Text)
                holds = or_(*(text.contains(needle, autoescape=True) for needle in needles))
                query = select(func.count()).select_from(table).where(holds)
                if connection.execute(query).scalar():
                    found.append((table.name, column.name))
    engine.dispose()
    return found


def text_columns(database_url: str) -> int:
    """Return how many text or JSON columns the search covers (to see it covers something)."""
    engine = databases.raw_engine(database_url)
    metadata = MetaData()
    metadata.reflect(engine)
    engine.dispose()
    kinds = (String, Text, JSON)
    return sum(isinstance(c.type, kinds) for t in metadata.sorted_tables for c in t.columns)
