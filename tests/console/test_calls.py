"""The call log, a call's timeline, a refused attempt's reason, CSV, and the overview's figures."""

from __future__ import annotations

import csv
import io
import re

import pytest

from callgate.accounts import workspaces
from callgate.buttons.store import move_button, update_button
from callgate.db import get_db
from callgate.guardrails.killswitch import switch
from tests.console.helpers import ROOMY, log_in
from tests.data import ORIGIN
from tests.wcs import session_id


@pytest.fixture
def app(make_app):
    """Cheap hashing, and room for a few tokens a minute from the test client's address."""
    return make_app(**ROOMY)


@pytest.fixture
def answered(button, wcs, get_token):
    """One call from the visitor at 127.0.0.1, answered, then hung up by the visitor."""
    sid = session_id("127.0.0.1")
    connect = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    assert wcs.post("connect", connect).status_code == 200
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    wcs.call_status(call, "TRYING")
    wcs.call_status(call, "ESTABLISHED")
    wcs.post("hangup", wcs.event_body(call["sessionId"], "ESTABLISHED", call["callId"]))
    wcs.call_status(call, "FINISH")
    return call


@pytest.fixture
def refused(client, button):
    """A token request from a page whose origin the button does not allow."""
    response = client.post(
        f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.example.net"}
    )
    assert response.status_code == 403


def test_the_log_shows_calls_and_refused_attempts(as_admin, answered, refused):
    html = as_admin.get("/console/calls").get_data(as_text=True)
    assert html.count('data-kind="call"') == 1 and html.count('data-kind="attempt"') == 1
    assert 'data-outcome="answered"' in html
    assert 'data-category="origin">origin not allowed' in html
    assert ORIGIN in html


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ({"outcome": "answered"}, ["call"]),
        ({"outcome": "refused"}, ["attempt"]),
        ({"outcome": "failed"}, []),
        ({"outcome": "nonsense"}, ["attempt", "call"]),
        ({"from": "2000-01-01", "to": "2000-01-02"}, []),
        ({"button": "not-a-visible-button"}, ["attempt", "call"]),
    ],
)
def test_filters(as_admin, answered, refused, query, kinds):
    html = as_admin.get("/console/calls", query_string=query).get_data(as_text=True)
    assert sorted(re.findall(r'data-kind="(\w+)"', html)) == kinds


def test_pages_of_fifty(as_admin, client, button):
    for _ in range(51):
        client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://x.example"})
    first = as_admin.get("/console/calls").get_data(as_text=True)
    assert first.count('data-kind="attempt"') == 50 and "Page 1 of 2" in first
    second = as_admin.get("/console/calls?page=2").get_data(as_text=True)
    assert second.count('data-kind="attempt"') == 1


def test_a_call_page_tells_its_story(as_admin, answered):
    html = as_admin.get(f"/console/calls/{answered['callId']}").get_data(as_text=True)
    steps = re.findall(r'data-what="(\w+)"', html)
    assert steps[:3] == ["token", "connect", "call"]
    assert {"CallStatusEvent", "hangup", "end"} <= set(steps)
    assert "the visitor hung up" in html
    assert ORIGIN in html and "Talk time" in html


def test_a_refused_attempt_says_which_decision_and_why(as_admin, refused, button):
    listing = as_admin.get("/console/calls").get_data(as_text=True)
    [event_id] = re.findall(r"/console/attempts/(\d+)", listing)
    html = as_admin.get(f"/console/attempts/{event_id}").get_data(as_text=True)
    assert "Refused: origin not allowed" in html
    assert "this site is not allowed to use this button" in html
    assert "https://*.example.org" in html  # the allowed list, to compare with


def test_a_kill_switch_refusal_is_explained(app, as_admin, client, button):
    with app.app_context():
        switch(get_db(), True, button.id)
    client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    html = as_admin.get("/console/calls?outcome=refused").get_data(as_text=True)
    assert 'data-category="kill_switch"' in html


def test_csv_export(as_admin, answered, refused):
    response = as_admin.get("/console/calls.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(row["outcome"] for row in rows) == ["answered", "refused"]
    assert {row["kind"] for row in rows} == {"call", "attempt"}


def test_csv_cells_cannot_become_formulas(app, as_admin, button):
    with app.app_context():
        update_button(get_db(), button.id, {"name": "=HYPERLINK(1)"})
    as_admin.application.test_client().post(
        f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://x.example"}
    )
    text = as_admin.get("/console/calls.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


def test_calls_of_other_workspaces_are_not_found(client, make_user, answered, button, app):
    with app.app_context():
        other = workspaces.create(get_db(), "Other")
        move_button(get_db(), button.id, other.id)
    make_user("editor@example.com", "editor")
    log_in(client, "editor@example.com")
    assert client.get(f"/console/calls/{answered['callId']}").status_code == 404
    assert 'data-kind="call"' not in client.get("/console/calls").get_data(as_text=True)


def test_the_overview_counts_today(as_admin, answered, refused):
    html = as_admin.get("/console/").get_data(as_text=True)
    tile = re.compile(
        r'data-figure="(\w+)"><span class="label">[^<]*</span><strong class="value">([\d.]+)'
    )
    figures = dict(tile.findall(html))
    assert figures["placed"] == "1" and figures["answered"] == "1" and figures["refused"] == "1"
    assert re.search(r'class="day today"[^>]*data-total="2"', html)
    assert "origin not allowed" in html


@pytest.mark.parametrize(
    ("sent", "kept", "shown"),
    [
        ("https://Evil.Example.NET:443", "https://evil.example.net", "https://evil.example.net"),
        (
            'https://"><img src=x onerror=alert(1)>',
            'https://"><img src=x onerror=alert(1)>',
            "https://&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
        ),
    ],
)
def test_the_refused_origin_shows_on_the_log_the_attempt_and_the_audit(
    as_admin, client, button, sent, kept, shown
):
    token = client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": sent})
    assert token.status_code == 403
    listing = as_admin.get("/console/calls").get_data(as_text=True)
    assert f'<td class="origin">{shown}</td>' in listing
    [event_id] = re.findall(r"/console/attempts/(\d+)", listing)
    attempt = as_admin.get(f"/console/attempts/{event_id}").get_data(as_text=True)
    assert f"<dt>Page origin</dt><dd>{shown}</dd>" in attempt
    trail = as_admin.get("/console/audit").get_data(as_text=True)
    assert f'<td class="origin">{shown}</td>' in trail
    assert not [html for html in (listing, attempt, trail) if "<img" in html]
    [row] = csv.DictReader(io.StringIO(as_admin.get("/console/calls.csv").get_data(as_text=True)))
    assert row["origin"] == kept
