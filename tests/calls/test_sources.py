"""Where calls came from, counted by the database: calls placed and answered per page path and
per campaign, the busiest first, only the buttons in scope, only the last 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callgate.accounts import workspaces
from callgate.buttons.store import create_button
from callgate.calls import sources
from callgate.db import get_db
from callgate.db.models import utcnow
from tests.calls.helpers import place_from
from tests.data import BUTTON


@pytest.fixture
def app(roomy_app):
    return roomy_app


def counted(app, scope=None) -> tuple[list, list]:
    with app.app_context():
        now = utcnow()
        pages, campaigns = sources.by_page_and_campaign(get_db(), scope, now)
    return [(s.key, s.placed, s.answered) for s in pages], [
        (s.key, s.placed, s.answered) for s in campaigns
    ]


def test_calls_are_counted_by_page_and_by_campaign(app, client, wcs, button):
    for page, answered in [
        ("/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring", True),
        ("/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring", False),
        ("/pricing", True),
        ("/contact?utm_source=newsletter", True),
        ("/contact?utm_campaign=spring&utm_source=google&utm_medium=cpc", True),
        ("/?gclid=1", False),
    ]:
        place_from(client, wcs, button.id, page, answered=answered)
    pages, campaigns = counted(app)
    assert pages == [(("/pricing",), 3, 2), (("/contact",), 2, 2), (("/",), 1, 0)]
    assert campaigns == [
        (("google", "cpc", "spring"), 3, 2),
        (("newsletter", None, None), 1, 1),
    ]


def test_only_the_busiest_ten_pages_are_listed(app, client, wcs, button):
    for n in range(12):
        for _ in range(2 if n < 3 else 1):
            place_from(client, wcs, button.id, f"/p{n:02}")
    pages, _campaigns = counted(app)
    assert len(pages) == sources.TOP
    assert [key for key, *_ in pages[:3]] == [("/p00",), ("/p01",), ("/p02",)]
    assert [placed for _key, placed, _a in pages] == [2, 2, 2] + [1] * 7


def test_other_workspaces_and_old_calls_are_left_out(app, client, wcs, button, sql):
    with app.app_context():
        other = workspaces.create(get_db(), "Other").id
        foreign = create_button(get_db(), dict(BUTTON, name="Foreign"), workspace_id=other)
        home = button.workspace_id
    place_from(client, wcs, foreign.id, "/foreign?utm_campaign=theirs")
    place_from(client, wcs, button.id, "/old?utm_campaign=old")
    place_from(client, wcs, button.id, "/new?utm_campaign=new")
    old = utcnow().replace(tzinfo=None) - timedelta(days=30)
    sql("UPDATE calls SET created_at = :at WHERE page_path = '/old'", at=old)
    pages, campaigns = counted(app, [home])
    assert pages == [(("/new",), 1, 1)]
    assert campaigns == [((None, None, "new"), 1, 1)]
    everyone, _ = counted(app)
    assert {key for key, *_ in everyone} == {("/new",), ("/foreign",)}
