"""Values against their columns: the limits are read from the models, so none is forgotten.

A value that is only recorded (an audit reason, a status `info`, a WCS node id) is cut to
its column on purpose with `cut`. Anything else that is too long must be refused before it
is written; as a backstop, every ORM flush and every statement made with `insert_new` checks
each string against its column and raises TooLong, so SQLite (which stores any length) and
PostgreSQL (which fails the transaction) behave the same: a clear refusal, nothing written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Column, String, Table, event, inspect
from sqlalchemy.orm import InstrumentedAttribute, Session, UOWTransaction

from callgate.errors import InvalidInput

#: What no text column of PostgreSQL holds: NUL, and surrogates that pair with nothing.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class TooLong(InvalidInput):
    """A value is longer than the database column it would be written to."""

    code = "too_long"


def _column(column: InstrumentedAttribute | Column) -> Column:
    if isinstance(column, InstrumentedAttribute):
        return column.property.columns[0]
    return column


def limit(column: InstrumentedAttribute | Column) -> int | None:
    """Return the most characters `column` holds, or None if it has no limit."""
    type_ = _column(column).type
    return type_.length if isinstance(type_, String) else None


def cut(column: InstrumentedAttribute | Column, value: object) -> str | None:
    """Return `value` cut to fit `column` and storable if it is a non-empty string, else None."""
    if not isinstance(value, str) or not value:
        return None
    return storable(value[: limit(column) or len(value)])


def storable(text: str) -> str:
    """Return `text` with what PostgreSQL cannot store (NUL, lone surrogates) as U+FFFD."""
    return UNSTORABLE.sub("\ufffd", text)


def fits(column: InstrumentedAttribute | Column, value: object) -> bool:
    """Tell whether `value` can be written to `column` as it is (non-strings always can)."""
    most = limit(column)
    return not (isinstance(value, str) and most is not None and len(value) > most)


def check(table: Table, values: Mapping[str, Any]) -> None:
    """Raise TooLong naming the first column of `table` that a value in `values` overflows."""
    for name, value in values.items():
        column = table.columns.get(name)
        if column is not None and not fits(column, value):
            most = limit(column)
            raise TooLong(f"{table.name}.{name} is longer than {most} characters", most=most)


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Check every new or changed row of the flush against its columns."""
    rows: Iterable[object] = [*session.new, *session.dirty]
    for row in rows:
        mapper = inspect(row).mapper
        values = {
            column.name: getattr(row, mapper.get_property_by_column(column).key)
            for column in mapper.local_table.columns
        }
        check(mapper.local_table, values)


def watch(factory: object) -> None:
    """Check every flush of the sessions `factory` makes (a sessionmaker)."""
    event.listen(factory, "before_flush", _before_flush)
