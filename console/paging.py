"""Filters and pages as the console's lists read them from the query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import request

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    """Which page of a list is shown, and how many there are."""

    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        """Return how many rows come before this page."""
        return (self.number - 1) * self.per_page

    @property
    def pages(self) -> int:
        """Return the number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))


def page_number() -> int:
    """Return the page asked for (1 when absent or bad)."""
    text = request.args.get("page", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 100000 else 1


def day(name: str) -> date | None:
    """Return the YYYY-MM-DD date in query argument `name`, or None when absent or bad."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def day_range() -> tuple[datetime | None, datetime | None]:
    """Return the UTC instants of the `from` day's start and the end of the `to` day."""
    first, last = day("from"), day("to")
    since = datetime(first.year, first.month, first.day, tzinfo=UTC) if first else None
    until = (
        datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1) if last else None
    )
    return since, until


def choice(name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """Return query argument `name` if it is one of `allowed`, else None."""
    value = request.args.get(name)
    return value if value in allowed else None
