"""buttons/listing.py: buttons a page at a time, searched by name or id, in the caller's scope."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from callgate.accounts import workspaces
from callgate.buttons import listing
from callgate.buttons.store import create_button
from callgate.db import get_db
from callgate.db.models import Button
from tests.data import BUTTON

NAMES = ("Sales", "Support line", "sales desk", "100% Hotline", "Night_line")


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()


@pytest.fixture
def made(db: Session) -> dict[str, Button]:
    """The buttons of NAMES in the default workspace, and "Foreign Sales" in another one."""
    buttons = {name: create_button(db, dict(BUTTON, name=name)) for name in NAMES}
    other = workspaces.create(db, "Other").id
    buttons["Foreign Sales"] = create_button(
        db, dict(BUTTON, name="Foreign Sales"), workspace_id=other
    )
    return buttons


def oldest_first(buttons: list[Button]) -> list[str]:
    """Return the ids of `buttons` in the listing's order: created_at, then id."""
    return [b.id for b in sorted(buttons, key=lambda b: (b.created_at, b.id))]


def names(buttons: list[Button]) -> list[str]:
    """Return the names of `buttons`, in their order."""
    return [b.name for b in buttons]


def test_a_search_matches_names_in_any_case(db, made):
    assert names(listing.search(db, [1], "SALES")) == ["Sales", "sales desk"]
    assert names(listing.search(db, [1], "  desk ")) == ["sales desk"]
    assert listing.search(db, [1], "nobody") == []


def test_a_search_matches_an_id_exactly(db, made):
    wanted = made["Night_line"].id
    assert [b.id for b in listing.search(db, [1], wanted)] == [wanted]


def test_like_wildcards_in_the_text_are_matched_as_themselves(db, made):
    assert names(listing.search(db, None, "%")) == ["100% Hotline"]
    # Unescaped, "_" would match the space of "Support line" too.
    assert names(listing.search(db, None, "t_l")) == ["Night_line"]


def test_the_scope_keeps_other_workspaces_out_and_none_means_every_one(db, made):
    foreign = made["Foreign Sales"].id
    assert "Foreign Sales" not in names(listing.search(db, [1], "sales"))
    assert "Foreign Sales" in names(listing.search(db, None, "sales"))
    assert listing.one_in_scope(db, [1], foreign) is None
    assert listing.one_in_scope(db, None, foreign).id == foreign


def test_pages_follow_the_cursor_oldest_first_until_the_last(db, made):
    mine = [made[name] for name in NAMES]
    seen, after = [], None
    while True:
        page, after = listing.page_of(db, [1], "", after, 2)
        seen += [b.id for b in page]
        if after is None:
            break
        assert len(page) == 2
    assert seen == oldest_first(mine)
    page, after = listing.page_of(db, [1], "sales", None, 5)
    assert (names(page), after) == (["Sales", "sales desk"], None)


def test_by_ids_keeps_the_order_asked_and_drops_what_is_out_of_scope(db, made):
    ids = [made["Night_line"].id, made["Foreign Sales"].id, "nope", made["Sales"].id]
    assert [b.id for b in listing.by_ids(db, [1], ids)] == [ids[0], ids[3]]
    assert listing.by_ids(db, [1], []) == []


def test_first_and_named(db, made):
    assert [b.id for b in listing.first(db, [1], 3)] == oldest_first(
        [made[name] for name in NAMES]
    )[:3]
    assert listing.named(db, [1], "  SALES ").id == made["Sales"].id
    assert listing.named(db, [1], "Foreign Sales") is None
