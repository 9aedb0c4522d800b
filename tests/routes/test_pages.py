"""Where a call came from: the page path and the allow-listed campaign values the token
request's page carries are stored with the call, as safe text, whatever the page sent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callgate.db import get_db
from callgate.db.models import Call
from callgate.db.routes import CallContext
from callgate.routes.errors import ContextError
from callgate.routes.pages import UTM_KEYS, campaign_of, clean_page, path_of, source_of
from callgate.routes.safe_text import UNSAFE
from tests.calls.helpers import place_from
from tests.routes.helpers import ask

FULL = "/p?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=call+us&utm_content=a"
#: (page as sent, campaign kept)
CAMPAIGNS = [
    ("/pricing", {}),
    (FULL, {"utm_source": "google", "utm_medium": "cpc", "utm_campaign": "spring"}
     | {"utm_term": "call us", "utm_content": "a"}),
    ("/p?utm_campaign=first&utm_campaign=second", {"utm_campaign": "first"}),
    ("/p?UTM_CAMPAIGN=x&utm_id=9&gclid=abc&fbclid=d&email=a@b.c", {}),
    ("/p?utm_campaign=%22%3Csip:x@evil%3E%22%3B%0D%0AVia:%20y",
     {"utm_campaign": "sip:x@evil Via: y"}),
    ("/p?utm_campaign=" + "x" * 5000, {"utm_campaign": "x" * 100}),
    ("/p?utm_campaign=+%09+&utm_source=%00", {}),
    ("/p?utm_campaign=%D0%92%D0%B5%D1%81%D0%BD%D0%B0+2026", {"utm_campaign": "Весна 2026"}),
    ("/p?utm_campaign=a%E2%80%A8b%E2%80%AEc", {"utm_campaign": "a b c"}),
    ("/" + "a" * 500 + "?utm_campaign=late", {"utm_campaign": "late"}),
    ("/p#utm_campaign=fragment", {}),
    ("/p?utm_campaign", {}),
    ("", {}),
    (None, {}),
]  # fmt: skip


@pytest.mark.parametrize(("page", "kept"), CAMPAIGNS)
def test_only_allow_listed_campaign_values_are_kept_as_safe_text(page, kept):
    found = campaign_of(page)
    assert found == kept
    for value in found.values():
        assert value.isprintable() and not UNSAFE & set(value) and len(value) <= 100


@pytest.mark.parametrize("page", ["pricing", "//evil.example/x", "https://evil.example/", 7])
def test_a_page_that_is_not_a_path_has_no_campaign_but_an_error(page):
    with pytest.raises(ContextError):
        campaign_of(page)


def test_the_path_is_cut_before_the_query_and_never_in_an_escape():
    assert path_of("/a/b?utm_source=x") == "/a/b"
    assert path_of("/" + "x" * 198 + "%D0%92") == "/" + "x" * 198
    assert path_of(None) is None


def stored(app) -> list[dict]:
    with app.app_context():
        return [
            {column: getattr(call, column) for column in ("page_path", *UTM_KEYS)}
            for call in get_db().scalars(select(Call)).all()
        ]


def test_a_call_keeps_the_path_and_campaign_of_its_page(app, client, wcs, button):
    sent = "/цены?utm_source=news&utm_campaign=%3Cb%3Espring%3C/b%3E&utm_id=7&token=secret"
    place_from(client, wcs, button.id, sent)
    [call] = stored(app)
    assert call == {"page_path": "/%D1%86%D0%B5%D0%BD%D1%8B"} | dict.fromkeys(UTM_KEYS) | {
        "utm_source": "news",
        "utm_campaign": "b spring /b",
    }


def test_a_call_from_no_page_keeps_none(app, client, wcs, button):
    place_from(client, wcs, button.id, "")
    assert stored(app) == [{"page_path": None} | dict.fromkeys(UTM_KEYS)]


def test_a_refused_page_places_no_call(app, client, button):
    answer = ask(client, button.id, {"page": "https://evil.example/?utm_campaign=x"})
    assert (answer.status_code, answer.get_json()["error"]) == (400, "bad_page")
    with app.app_context():
        assert get_db().scalars(select(CallContext)).all() == []


@pytest.mark.parametrize(("page", "kept"), CAMPAIGNS[:-2])
def test_what_a_call_keeps_is_what_the_stored_page_says(page, kept):
    stored_page = clean_page(page)
    source = source_of(stored_page)
    assert source["page_path"] == path_of(stored_page)
    assert {key: source[key] for key in UTM_KEYS if source[key]} == campaign_of(stored_page)
