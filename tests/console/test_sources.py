"""Where calls came from, in the console: the call log filters by page and campaign, the CSV
carries them, a call's page shows its campaign, and the overview lists both."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.calls.helpers import place_from
from tests.console.helpers import ROOMY
from tests.routes.helpers import ask

SPRING = "/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring"


@pytest.fixture
def app(make_app):
    return make_app(**ROOMY)


@pytest.fixture
def placed(client, wcs, button):
    """Three calls (two pages, one campaign) and one refused attempt."""
    place_from(client, wcs, button.id, SPRING)
    place_from(client, wcs, button.id, "/цены?utm_campaign=%3Dcmd|calc", answered=False)
    place_from(client, wcs, button.id, "/contact")
    refused = client.post(
        f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.example.net"}
    )
    assert refused.status_code == 403


def kinds(html: str) -> list[str]:
    return re.findall(r'data-kind="(\w+)"', html)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["call", "call", "call", "attempt"]),
        ("?page_path=/pricing", ["call"]),
        ("?page_path=/цены", ["call"]),
        ("?page_path=/%D1%86%D0%B5%D0%BD%D1%8B?ignored=1", ["call"]),
        ("?campaign=spring", ["call"]),
        ("?campaign=%3Dcmd|calc", ["call"]),
        ("?campaign=summer", []),
        ("?page_path=/pricing&campaign=%3Dcmd|calc", []),
        ("?page_path=/contact&outcome=refused", []),
        ("?page_path=&campaign=", ["call", "call", "call", "attempt"]),
    ],
)
def test_the_log_filters_by_page_and_campaign(as_admin, placed, query, shown):
    response = as_admin.get("/console/calls" + query)
    assert response.status_code == 200
    assert sorted(kinds(response.get_data(as_text=True))) == sorted(shown)


@pytest.mark.parametrize("bad", ["pricing", "//evil.example/x", "https://evil.example/"])
def test_a_page_filter_that_is_not_a_path_says_so(as_admin, placed, bad):
    response = as_admin.get("/console/calls", query_string={"page_path": bad})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="page_path-error"' in html and "like /pricing" in html and not kinds(html)
    assert as_admin.get("/console/calls.csv", query_string={"page_path": bad}).status_code == 400


def test_each_call_links_its_page_and_campaign_to_the_filtered_log(as_admin, placed):
    html = as_admin.get("/console/calls").get_data(as_text=True)
    assert 'href="/console/calls?page_path=/pricing"' in html
    assert 'href="/console/calls?campaign=spring"' in html


def test_the_csv_carries_page_and_campaign_and_never_a_formula(as_admin, placed):
    body = as_admin.get("/console/calls.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0])[-6:] == ["page", "utm_source", "utm_medium", "utm_campaign"] + [
        "utm_term",
        "utm_content",
    ]
    by_page = {row["page"]: row for row in rows if row["kind"] == "call"}
    assert by_page["/pricing"]["utm_source"] == "google"
    assert by_page["/pricing"]["utm_medium"] == "cpc"
    assert by_page["/pricing"]["utm_campaign"] == "spring"
    assert by_page["/%D1%86%D0%B5%D0%BD%D1%8B"]["utm_campaign"] == "'=cmd|calc"
    assert by_page["/contact"]["utm_campaign"] == ""
    [attempt] = [row for row in rows if row["kind"] == "attempt"]
    assert attempt["page"] == attempt["utm_campaign"] == ""
    filtered = as_admin.get("/console/calls.csv?campaign=spring").get_data(as_text=True)
    assert [row["page"] for row in csv.DictReader(io.StringIO(filtered))] == ["/pricing"]


def test_the_call_page_shows_the_campaign(as_admin, placed):
    html = as_admin.get("/console/calls?campaign=spring").get_data(as_text=True)
    [link] = re.findall(r'href="(/console/calls/[^"]+)"', html)
    detail = as_admin.get(link).get_data(as_text=True)
    assert "utm_source=google, utm_medium=cpc, utm_campaign=spring" in detail


def test_the_overview_lists_pages_and_campaigns(as_admin, placed):
    html = as_admin.get("/console/").get_data(as_text=True)
    pages = html.split('id="pages-h"')[1].split("</section>")[0]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', pages)
    assert [text for _href, text in links] == ["/цены", "/contact", "/pricing"]
    for href, _text in links:
        assert kinds(as_admin.get(href.replace("&amp;", "&")).get_data(as_text=True)) == ["call"]
    campaigns = html.split('id="campaigns-h"')[1].split("</section>")[0]
    assert "campaign=spring" in campaigns and "google / cpc" in campaigns
    assert "=cmd|calc" in campaigns


def test_the_overview_says_when_no_call_said_its_page(as_admin, client, button):
    assert ask(client, button.id).status_code == 200
    html = as_admin.get("/console/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Ни один звонок ещё не сообщил страницу" in html
    assert "По кампаниям" in html


HOSTILE_QUERIES = [
    b"page_path=%ED%A0%80",
    b"page_path=/%ED%A0%80",
    b"page_path=/a%00b",
    b"page_path=/a%0D%0ALocation:%20x",
    b"page_path=/" + b"x" * 10_000,
    b"page_path=/a&page_path=https://evil.example/",
    b"page_path=%2F%2Fevil.example",
    b"campaign=%ED%A0%80",
    b"campaign=a%00%0D%0Ab%E2%80%A8c",
    b"campaign=" + b"y" * 10_000,
    b"campaign=spring&campaign=%3Cscript%3E",
    b"page_path=/pricing&campaign=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_filters_get_a_clear_answer_never_a_500(as_admin, placed, query):
    for path in ("/console/calls", "/console/calls.csv"):
        answer = as_admin.get(path, query_string=query.decode())
        assert answer.status_code in (200, 400), (path, answer.status_code)
        body = answer.get_data(as_text=True)
        assert "<script>" not in body and "\r\nLocation" not in str(answer.headers)
