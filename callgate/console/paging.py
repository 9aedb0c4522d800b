"""Filters and pages as the console's lists read them from the query string."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import request

from callgate.buttons import listing
from callgate.console import access
from callgate.console.field_errors import shown
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.db.counting import CAP
from callgate.db.models import Button
from callgate.errors import InvalidInput

PER_PAGE = 50
#: The dates a filter may name: later ones overflow the end of the day they ask for.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


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
    def capped(self) -> bool:
        """Tell whether the total is only known to be over db/counting.CAP."""
        return self.total > CAP

    @property
    def said_total(self) -> str:
        """Return the total as the page says it: "more than 10,000" when capped."""
        return _("more than %(n)s", n=f"{CAP:,}") if self.capped else str(self.total)

    @property
    def pages(self) -> int:
        """Return the number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def past_end(self) -> bool:
        """Tell whether this page comes after the last one, though there are entries."""
        return self.total > 0 and not self.capped and self.number > self.pages


def page_number() -> int:
    """Return the page asked for (1 when absent); raise InvalidInput unless 1 to 99999."""
    text = request.args.get("page", "1")
    if not (_ascii_digits(text) and len(text) <= 5 and int(text) > 0):
        raise InvalidInput(_("A page number is a whole number from 1 to 99999."))
    return int(text)


def day(name: str) -> date | None:
    """Return the YYYY-MM-DD date in query argument `name` (None when absent or empty).

    Raises InvalidInput for anything else, or a date outside FIRST_DAY to LAST_DAY.
    """
    text = request.args.get(name, "")
    if text == "":
        return None
    parts = text.split("-")
    try:
        if len(parts) != 3 or not all(map(_ascii_digits, parts)):
            raise ValueError(text)
        found = date(*map(int, parts))
    except ValueError:
        raise InvalidInput(
            _(
                "“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-31.",
                value=shown(text),
            )
        ) from None
    if not FIRST_DAY <= found <= LAST_DAY:
        raise InvalidInput(
            _("Choose a date from %(first)s to %(last)s.", first=FIRST_DAY, last=LAST_DAY)
        )
    return found


def _ascii_digits(text: str) -> bool:
    """Tell whether `text` is only 0-9 (str.isdigit also takes ² and other scripts' digits)."""
    return text.isascii() and text.isdigit()


def bad_days(*names: str) -> dict[str, str]:
    """Return an error, by query argument, for each of `names` given but not a date allowed."""
    errors = {}
    for name in names:
        try:
            day(name)
        except InvalidInput as exc:
            errors[name] = exc.message
    return errors


def given_day(name: str) -> date | None:
    """Return the date in query argument `name`, or None when absent or not a date allowed
    (the page says why at its filter, from bad_days)."""
    try:
        return day(name)
    except InvalidInput:
        return None


def day_range() -> tuple[datetime | None, datetime | None]:
    """Return the UTC instants of the `from` day's start and the end of the `to` day (None for
    a day absent or not one)."""
    first, last = given_day("from"), given_day("to")
    since = datetime(first.year, first.month, first.day, tzinfo=UTC) if first else None
    until = (
        datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1) if last else None
    )
    return since, until


def choice(name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """Return query argument `name` if it is one of `allowed`, else None."""
    value = request.args.get(name)
    return value if value in allowed else None


def chosen_button() -> Button | None:
    """Return the visible button the `button` query argument names by id (or by its exact
    name, as typed without the picker's script), else None."""
    text = request.args.get("button", "").strip()[:200]
    if not text:
        return None
    scope = access.visible_workspaces()
    return listing.one_in_scope(get_db(), scope, text) or listing.named(get_db(), scope, text)


def buttons_of(ids: Iterable[str | None]) -> list[Button]:
    """Return the visible buttons among `ids`, in one query."""
    wanted = sorted({i for i in ids if i})
    return listing.by_ids(get_db(), access.visible_workspaces(), wanted)
