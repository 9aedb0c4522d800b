"""Console query values are checked: a page is ASCII digits, dates are capped, `next` carries no
control characters; a page past the end says so, a date that is none is an error at its filter.
Each bad value gets a 400 page saying what is wrong, never a 500."""

from __future__ import annotations

import json
import re

import pytest

from callgate.buttons.store import update_button
from callgate.db import get_db
from tests.console.helpers import csrf_token, post
from tests.data import ORIGIN

PAGES = ["/console/calls", "/console/callbacks", "/console/audit"]
DATED = ["/console/calls", "/console/audit", "/console/calls.csv"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("page", ["²", "٣", "0", "-1", "1.5", "abc", "100000", " 1"])
def test_a_bad_page_is_refused(as_admin, path, page):
    response = as_admin.get(path, query_string={"page": page})
    assert response.status_code == 400
    assert "A page number is a whole number from 1 to 99999." in response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_a_good_page_is_shown(as_admin, path):
    assert as_admin.get(path, query_string={"page": "3"}).status_code == 200


@pytest.mark.parametrize("path", DATED)
@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("value", ["9999-12-31", "3000-01-01", "0001-01-01", "1969-12-31"])
def test_a_date_out_of_range_is_refused(as_admin, path, name, value):
    response = as_admin.get(path, query_string={name: value})
    assert response.status_code == 400
    assert "Choose a date from 1970-01-01 to 2999-12-31." in response.get_data(as_text=True)


@pytest.mark.parametrize("path", DATED)
@pytest.mark.parametrize("value", ["2026-13-45", "2026-1-1x", "２０２６-01-01", "20261231"])
def test_a_date_that_is_not_one_is_refused(as_admin, path, value):
    response = as_admin.get(path, query_string={"to": value})
    assert response.status_code == 400
    assert "is not a date: write it as YYYY-MM-DD" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", DATED)
def test_the_last_day_allowed_works(as_admin, path):
    response = as_admin.get(path, query_string={"from": "1970-01-01", "to": "2999-12-31"})
    assert response.status_code == 200
    response.close()  # the CSV streams: closing it gives its connection back


def test_the_russian_console_says_it_in_russian(as_admin):
    as_admin.set_cookie("callgate_console_lang", "ru", path="/console/")
    page = as_admin.get("/console/calls?page=²").get_data(as_text=True)
    assert "Номер страницы — целое число от 1 до 99999." in page


BROKEN = ["/console/calls\r\nSet-Cookie: x=1", "/console/\n", "/console/\x00", "/console/\x7f"]


@pytest.mark.parametrize("target", BROKEN)
def test_a_next_with_control_characters_is_refused_on_the_login_form(client, target):
    response = client.get("/console/login", query_string={"next": target})
    assert response.status_code == 400
    assert "This link is damaged" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", BROKEN)
def test_a_next_with_control_characters_is_refused_before_logging_in(client, admin, target):
    token = csrf_token(client)
    response = client.post(
        "/console/login",
        data={
            "csrf_token": token,
            "email": admin,
            "password": "correct horse battery",
            "next": target,
        },
    )
    assert response.status_code == 400
    assert client.get("/console/").status_code == 302  # no session was started


@pytest.mark.parametrize("target", BROKEN)
def test_a_logged_in_user_with_a_broken_next_gets_400(as_admin, target):
    assert as_admin.get("/console/login", query_string={"next": target}).status_code == 400


@pytest.mark.parametrize("target", BROKEN)
def test_a_next_with_control_characters_is_refused_by_the_language_switch(client, target):
    response = post(
        client, "/console/language", {"language": "ru", "next": target}, "/console/login"
    )
    assert response.status_code == 400


def test_a_plain_next_still_works(client, admin):
    token = csrf_token(client)
    response = client.post(
        "/console/login",
        data={
            "csrf_token": token,
            "email": admin,
            "password": "correct horse battery",
            "next": "/console/calls?page=2",
        },
    )
    assert response.headers["Location"] == "/console/calls?page=2"


@pytest.fixture
def refused(client, button):
    """Two refused token requests: two entries in the call log and the audit trail."""
    for _ in range(2):
        client.post(
            f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.example"}
        )


@pytest.fixture
def callback(app, client, button):
    """One callback request left on an allowed page."""
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    body = json.dumps({"phone": "+49 30 901820"})
    url = f"/api/v1/buttons/{button.id}/callbacks"
    assert client.post(url, data=body, headers={"Origin": ORIGIN}).status_code == 201


def last_page_link(html: str) -> str:
    found = re.search(r'id="past-end".*?<a href="([^"]+)"', html, re.DOTALL)
    return found.group(1).replace("&amp;", "&") if found else ""


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/console/calls?outcome=refused&page=99999", "2 entries"),
        ("/console/audit?action=token&page=99999", "2 events"),
    ],
)
def test_a_page_past_the_end_says_so_and_links_the_last_page(as_admin, refused, path, count):
    html = as_admin.get(path).get_data(as_text=True)
    assert count in html
    assert "Page 99999 is past the end: the last page is 1." in html
    link = last_page_link(html)
    assert "page=1" in link and path.split("?")[1].split("&")[0] in link
    assert "No calls match" not in html and "No events match" not in html


def test_the_callbacks_page_past_the_end_says_so_too(as_admin, callback):
    html = as_admin.get("/console/callbacks?page=99999").get_data(as_text=True)
    assert "Requests: 1" in html and "past the end" in html
    assert "page=1" in last_page_link(html)
    assert "No callback requests" not in html


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "“2026-13-45” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-31."),
        ("ru", "«2026-13-45» — не дата: пишите ГГГГ-ММ-ДД, например 2026-12-31."),
    ],
)
@pytest.mark.parametrize("path", ["/console/calls", "/console/audit"])
def test_a_date_that_is_none_is_an_error_at_the_filter(as_admin, refused, lang, said, path):
    as_admin.set_cookie("callgate_console_lang", lang)
    response = as_admin.get(f"{path}?from=2026-13-45")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="from-error">([^<]*)</p>', html)
    assert error and error.group(1) == said
    assert 'data-kind="attempt"' not in html and 'data-action="token"' not in html


def test_the_csv_of_a_bad_date_is_refused_with_the_reason(as_admin):
    response = as_admin.get("/console/calls.csv?to=31.12.2026")
    assert response.status_code == 400
    assert "“31.12.2026” is not a date" in response.get_data(as_text=True)


def test_good_dates_still_filter(as_admin, refused):
    html = as_admin.get("/console/calls?from=2000-01-01&to=2999-12-31").get_data(as_text=True)
    assert html.count('data-kind="attempt"') == 2
