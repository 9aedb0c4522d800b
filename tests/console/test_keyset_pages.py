"""The Audit and Callbacks pages page by keyset cursor, as the Calls page does: following
"Older" shows every row once, in order, though rows share a time across a page boundary and
rows come in meanwhile; filters hold on later pages; a broken cursor is a 400, never a 500."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from callgate.db import get_db
from callgate.db.models import MAX_ID, AuditEvent
from callgate.db.visitors import CallbackRequest
from tests.data import ORIGIN

START = datetime(2026, 11, 2, 8, 30, 0, 123456, tzinfo=UTC)
#: 130 rows, three to a time: the pages of 50 end inside a group of ties.
ROWS = 130
BROKEN = "This page link is broken: start again from the first page."


def at(n: int) -> datetime:
    """Return the time of row `n`: rows 3k, 3k+1 and 3k+2 share it."""
    return START + timedelta(seconds=n // 3)


def add_audit(app, numbers: range, button_id: str) -> None:
    with app.app_context():
        outcome = ("refused", "allowed")
        get_db().add_all(
            AuditEvent(
                at=at(n),
                action="walk",
                outcome=outcome[n % 2],
                reason=f"walk#{n}#",
                button_id=button_id,
            )
            for n in numbers
        )
        get_db().commit()


def add_callbacks(app, numbers: range, button_id: str) -> None:
    with app.app_context():
        status = ("new", "done")
        get_db().add_all(
            CallbackRequest(
                created_at=at(n),
                button_id=button_id,
                phone="+49 30 901820",
                note=f"walk#{n}#",
                origin=ORIGIN,
                status=status[n % 2],
            )
            for n in numbers
        )
        get_db().commit()


def walk(client, path: str, between=None, row=r"walk#(\d+)#") -> tuple[list[int], list[str]]:
    """Follow "Older" from `path` to the end; return the rows' numbers (`row` finds them) and
    the links followed. `between` (if given) runs after the first page."""
    seen: list[int] = []
    links: list[str] = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        page = response.get_data(as_text=True)
        seen += [int(n) for n in re.findall(row, page)]
        found = re.search(r'<a href="([^"]+)" rel="next">', page)
        path = html.unescape(found.group(1)) if found else ""
        links.append(path)
        if between and len(links) == 1:
            between()
    return seen, links[:-1]


@pytest.fixture
def trail(app, button):
    add_audit(app, range(ROWS), button.id)
    return button


@pytest.fixture
def callbacks(app, button):
    add_callbacks(app, range(ROWS), button.id)
    return button


def test_walking_the_audit_pages_shows_every_row_once_newest_first(as_admin, trail):
    seen, links = walk(as_admin, "/console/audit?action=walk")
    assert seen == list(reversed(range(ROWS)))
    assert len(links) == 2 and all("after=" in link for link in links)
    # The first page ends (row 80) inside a group of rows of one time: the next carries on
    # within it (row 79), after the cursor of row 80.
    assert seen[49:51] == [80, 79] and at(80) == at(79)
    assert f"after={at(80).isoformat().replace('+', '%2B')}%7C" in links[0]


def test_rows_come_in_while_walking_and_none_repeats(app, as_admin, trail):
    # OFFSET pages would show rows of page one again on page two, pushed down by the new ones.
    newer = range(ROWS, ROWS + 7)
    seen, _links = walk(
        as_admin, "/console/audit?action=walk", lambda: add_audit(app, newer, trail.id)
    )
    assert seen == list(reversed(range(ROWS)))


def test_later_audit_pages_keep_the_filters(as_admin, trail):
    seen, links = walk(as_admin, f"/console/audit?action=walk&outcome=refused&button={trail.id}")
    assert seen == [n for n in reversed(range(ROWS)) if n % 2 == 0]
    assert links and all("outcome=refused" in link and "action=walk" in link for link in links)


def test_walking_the_callbacks_pages_shows_every_row_once_newest_first(app, as_admin, callbacks):
    newer = range(ROWS, ROWS + 4)
    later = lambda: add_callbacks(app, newer, callbacks.id)  # noqa: E731
    seen, links = walk(as_admin, "/console/callbacks", later)
    assert seen == list(reversed(range(ROWS)))
    assert len(links) == 2 and all("after=" in link for link in links)


def test_later_callbacks_pages_keep_the_filters(as_admin, callbacks):
    seen, links = walk(as_admin, f"/console/callbacks?status=new&button={callbacks.id}")
    assert seen == [n for n in reversed(range(ROWS)) if n % 2 == 0]
    assert links and all("status=new" in link for link in links)


def test_a_page_number_alone_still_works(as_admin, trail):
    page = as_admin.get("/console/audit?action=walk&page=2").get_data(as_text=True)
    assert [int(n) for n in re.findall(r"walk#(\d+)#", page)] == list(range(79, 29, -1))


GOOD = "2026-11-02T08:30:05+00:00"
BAD_CURSORS = [
    "garbage",
    "|",
    f"{GOOD}|",
    f"{GOOD}|abc",
    "2026-11-02T08:30:05|3",
    "2026-13-45T08:30:05+00:00|3",
    "yesterday|3",
    f"{GOOD}|{'9' * 19}",
    f"{GOOD}|{MAX_ID + 1}",
    f"{GOOD}|{2**40}",
    f"{GOOD}|{'9' * 5000}",
    f"{'2' * 5000}|3",
    "0001-01-01T00:00:00+05:00|3",
    "9999-12-31T23:59:59-05:00|3",
    f"{GOOD}|3\x00",
    f"{GOOD}\x00|3",
    f"{GOOD}|3\n4",
    f"{GOOD}|٣",
    f"{GOOD}|-3",
    f"{GOOD}|3' OR '1'='1",
    f"{GOOD}|3; DROP TABLE audit_events; --",
]


@pytest.mark.parametrize("path", ["/console/audit", "/console/callbacks"])
@pytest.mark.parametrize("after", BAD_CURSORS)
def test_a_broken_cursor_is_refused_with_the_reason(as_admin, path, after):
    response = as_admin.get(path, query_string={"after": after})
    assert response.status_code == 400
    assert BROKEN in response.get_data(as_text=True)


@pytest.mark.parametrize("after", BAD_CURSORS)
def test_the_calls_page_never_fails_on_a_hostile_cursor(as_admin, after):
    assert as_admin.get("/console/calls", query_string={"after": after}).status_code in (200, 400)


def test_walking_the_calls_pages_shows_every_refused_attempt_once(app, as_admin, button):
    with app.app_context():
        refused = {"action": "token", "outcome": "refused", "button_id": button.id}
        events = [AuditEvent(at=at(n), **refused) for n in range(ROWS)]
        get_db().add_all(events)
        get_db().commit()
        ids = [e.id for e in reversed(events)]
    seen, links = walk(as_admin, "/console/calls?outcome=refused", row=r"/attempts/(\d+)\"")
    assert seen == ids
    assert len(links) == 2 and all("after=" in link for link in links)
