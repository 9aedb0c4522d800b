"""What every `flask` command shares: one `--json` option, one error helper, text tables."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from callgate.errors import CallgateError

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into a one-line `Error: ...` and exit status 1, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CallgateError as exc:
            raise click.ClickException(exc.message) from None
        except SQLAlchemyError as exc:
            reason = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
            raise click.ClickException(f"database error ({reason}){_advice(reason)}") from None

    return wrapper


def _advice(reason: str) -> str:
    """Suggest `db upgrade` only where a table or column is missing (SQLite and PostgreSQL)."""
    missing = ("no such table", "no such column", "does not exist")
    if any(text in reason for text in missing) and "database" not in reason.split(" does")[0]:
        return "; if this is a new database, run `bin/callgate db upgrade`"
    return ""


def emit(data: Any, as_json: bool, text: str) -> None:
    """Print `data` as JSON when `as_json`, else the human-readable `text`."""
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) if as_json else text)


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Render rows as left-aligned columns under `headers`."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [headers, *rows]
    ]
    return "\n".join(lines)
