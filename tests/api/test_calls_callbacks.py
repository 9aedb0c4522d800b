"""Calls and callback requests over the management API: filters, cursor pages, one call's story."""

from __future__ import annotations

import pytest

from callgate.audit.trail import list_events
from callgate.db import get_db
from callgate.db.visitors import CallbackRequest
from tests.api.helpers import BAD_CURSORS, HOSTILE_ID_CURSORS
from tests.calls.helpers import place_from


@pytest.fixture
def app(roomy_app):
    return roomy_app


@pytest.fixture
def three_calls(button, wcs, start_call):
    """Three calls of `button`: answered and ended, failed, still going; their bodies."""
    made = []
    for status in ("ESTABLISHED", "FAILED", None):
        response, body = start_call(button.id)
        assert response.status_code == 200
        if status:
            assert wcs.call_status(body, status).status_code == 200
        if status == "ESTABLISHED":
            assert wcs.call_status(body, "FINISH").status_code == 200
        made.append(body)
    return made


def test_calls_come_newest_first_a_page_at_a_time(api, three_calls):
    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = api("GET", "/calls", query_string=query).get_json()
        seen += page["data"]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert [c["id"] for c in seen] == [b["callId"] for b in reversed(three_calls)]
    assert [c["outcome"] for c in seen] == ["in_progress", "failed", "answered"]


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"outcome": "answered"}, 1),
        ({"outcome": "in_progress"}, 1),
        ({"since": "2000-01-01T00:00:00Z"}, 3),
        ({"until": "2000-01-01T00:00:00"}, 0),
        ({"button": "someone-elses"}, 0),
    ],
)
def test_call_filters(api, three_calls, query, count):
    answer = api("GET", "/calls", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    assert len(answer.get_json()["data"]) == count


@pytest.mark.parametrize(
    "query",
    [{"outcome": "lost"}, {"since": "yesterday"}, {"limit": "0"}, {"cursor": "!!"}]
    + [{"cursor": cursor} for cursor in BAD_CURSORS],
)
def test_bad_call_filters_are_400(api, query):
    answer = api("GET", "/calls", query_string=query)
    assert (answer.status_code, set(answer.get_json())) == (400, {"error", "message", "details"})


def test_one_call_with_its_timeline(api, three_calls):
    answered = three_calls[0]
    call = api("GET", f"/calls/{answered['callId']}").get_json()
    assert call["outcome"] == "answered" and call["endedBy"] == "callee"
    assert call["refusalReason"] is None
    assert {"connect", "call"} <= {s["what"] for s in call["timeline"]}
    assert call["timeline"][-1]["what"] == "end"
    assert api("GET", "/calls/unknown").status_code == 404


def test_callbacks_page_and_done(app, api, button):
    with app.app_context():
        db = get_db()
        for n in range(3):
            db.add(
                CallbackRequest(button_id=button.id, phone=f"+4930901820{n}", origin="https://a")
            )
        db.commit()
    first = api("GET", "/callbacks", query_string={"limit": 2}).get_json()
    assert [r["phone"] for r in first["data"]] == ["+49309018202", "+49309018201"]
    rest = api("GET", "/callbacks", query_string={"cursor": first["nextCursor"]}).get_json()
    assert [r["phone"] for r in rest["data"]] == ["+49309018200"] and rest["nextCursor"] is None
    done = api("POST", f"/callbacks/{rest['data'][0]['id']}/done")
    assert (done.status_code, done.get_json()["status"]) == (200, "done")
    left = api("GET", "/callbacks", query_string={"status": "new"}).get_json()["data"]
    assert len(left) == 2
    assert api("POST", "/callbacks/999/done").status_code == 404


def test_ids_and_cursors_beyond_the_database_are_not_found_not_errors(api):
    huge = 2**31
    assert api("POST", f"/callbacks/{huge}/done").status_code == 404
    assert api("GET", f"/callbacks?cursor={huge}").get_json()["error"] == "bad_request"


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ({"page": "/pricing"}, ["/pricing"]),
        ({"page": "/цены?x=1"}, ["/%D1%86%D0%B5%D0%BD%D1%8B"]),
        ({"campaign": "spring"}, ["/pricing"]),
        ({"campaign": "summer"}, []),
        ({}, ["/%D1%86%D0%B5%D0%BD%D1%8B", "/pricing"]),
    ],
)
def test_calls_carry_and_filter_by_page_and_campaign(api, client, wcs, button, query, pages):
    place_from(client, wcs, button.id, "/pricing?utm_source=ads&utm_campaign=spring")
    place_from(client, wcs, button.id, "/цены")
    answer = api("GET", "/calls", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    calls = answer.get_json()["data"]
    assert [c["page"] for c in calls] == pages
    for call in calls:
        spring = {"utm_source": "ads", "utm_campaign": "spring"}
        assert call["campaign"] == (spring if call["page"] == "/pricing" else {})


@pytest.mark.parametrize("page", ["pricing", "//evil.example/x", "https://evil.example/"])
def test_a_page_filter_that_is_not_a_path_is_400(api, page):
    answer = api("GET", "/calls", query_string={"page": page})
    assert (answer.status_code, answer.get_json()["error"]) == (400, "bad_page")


@pytest.mark.parametrize(
    "query",
    [
        b"page=%ED%A0%80",
        b"page=/a%00b%0D%0Ac",
        b"page=/" + b"x" * 10_000,
        b"page=/a&page=//evil.example",
        b"campaign=%ED%A0%80%00%0D%0A",
        b"campaign=" + b"y" * 10_000,
    ],
)
def test_hostile_source_filters_are_answered_never_a_500(api, query):
    answer = api("GET", "/calls", query_string=query.decode())
    assert answer.status_code in (200, 400), answer.get_json()
    assert set(answer.get_json()) in ({"data", "nextCursor"}, {"error", "message", "details"})


def test_an_overflow_leg_names_the_call_it_followed(app, api, button, client, wcs):
    from callgate.routes.store import add_route
    from tests.routes.helpers import place

    with app.app_context():
        sales = add_route(get_db(), button.id, {"label": "Sales", "callee": "7002"})
        fields = {"label": "Support", "callee": "7003", "overflow_id": sales.id}
        support = add_route(get_db(), button.id, fields).id
    grant, first = place(client, wcs, button.id, {"route": support})
    assert wcs.call_status(first, "BUSY").status_code == 200
    _, second = place(client, wcs, button.id, {"overflowOf": grant["overflow"]["key"]})
    leg = api("GET", f"/calls/{second['callId']}").get_json()
    assert leg["overflowOf"] == first["callId"]
    assert api("GET", f"/calls/{first['callId']}").get_json()["overflowOf"] is None


@pytest.mark.parametrize("path", ["/calls", "/callbacks", "/buttons"])
@pytest.mark.parametrize(
    "query",
    [
        b"button=%ED%A0%80",
        b"button=a%00b",
        b"button=a%0D%0Ab",
        b"button=" + b"z" * 10_000,
        b"button=1&button=2",
        b"cursor=%ED%A0%80",
        b"cursor=a%00b",
        b"cursor=" + b"Q" * 10_000,
        b"cursor=" + HOSTILE_ID_CURSORS[0].encode(),
        b"cursor=" + HOSTILE_ID_CURSORS[1].encode(),
        b"cursor=" + HOSTILE_ID_CURSORS[2].encode(),
        b"limit=%00",
        b"limit=%C2%B3",  # a superscript three: a digit to str.isdigit, not to int()
        b"cursor=%C2%B3",
        b"limit=99999999999999999999",
    ],
)
def test_hostile_list_parameters_are_answered_never_a_500(api, path, query):
    answer = api("GET", path, query_string=query.decode("latin-1"))
    assert answer.status_code in (200, 400), (answer.status_code, answer.get_data(as_text=True))
    assert set(answer.get_json()) in ({"data", "nextCursor"}, {"error", "message", "details"})


@pytest.mark.parametrize("path", ["/calls/{}", "/buttons/{}"])
@pytest.mark.parametrize("raw", ["%ED%A0%80", "a%00b", "a%0D%0Ab", "z" * 5_000])
def test_hostile_ids_in_the_path_are_not_found_never_a_500(app, api, path, raw):
    answer = api("GET", path.format(raw))
    assert answer.status_code == 404, (answer.status_code, answer.get_data(as_text=True))
    with app.app_context():
        events = [e for e in list_events(get_db()) if e["action"] == "api"]
    # Stored, the NUL or surrogate made storable and a long path cut to the column.
    assert [e["outcome"] for e in events] == ["refused"]
    assert events[0]["reason"].startswith("GET /api/v1/manage/")
