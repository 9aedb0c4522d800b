"""Caller context: the name and page the page sends reach the PBX only as the server writes them.

Every hostile value below must come out of `/call` as a display name and headers that are one
line of printable text with no SIP delimiter, whatever the page sent.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.routes import CallContext
from callgate.routes.errors import ContextError
from callgate.routes.pages import clean_page
from callgate.routes.store import add_route, set_context
from tests.routes.helpers import ask, call_with

NOTICE = "Calls may be recorded."
HOSTILE = [
    ("Ann\r\nX-Evil: 1", "Ann X-Evil: 1"),
    ("Ann\x00Lee", "Ann Lee"),
    ("Ann\u2028Via: x\u2029y", "Ann Via: x y"),
    ("A" * 10_000, "A" * 40),
    ('"Ann" <sip:evil@example.com>;tag=1', "Ann sip:evil@example.com tag=1"),
    ("Ann\\", "Ann"),
    ("Анна Петрова", "Анна Петрова"),
    ("\t \r\n", ""),
    ("\x1b[31mred\u202e", "[31mred"),
]
SAFE_LINE = re.compile(r"[^\x00-\x1f\x7f\u0085\u2028\u2029\"<>\\;]*")


@pytest.fixture
def asking(app, button):
    """The button asks for an optional name, has a consent notice and says whether to record."""
    with app.app_context():
        set_context(get_db(), button.id, ask_name="optional", recording="if-consented")
        update_button(get_db(), button.id, {"consent_text": NOTICE})
    return button


@pytest.mark.parametrize(("name", "shown"), HOSTILE)
def test_hostile_names_become_a_safe_display_name(client, wcs, asking, name, shown):
    answer = call_with(client, wcs, asking.id, {"name": name, "consent": NOTICE})
    assert answer["visibleName"] == shown
    assert len(answer["visibleName"]) <= 40
    for header in answer["sipHeaders"]:
        assert SAFE_LINE.fullmatch(header), header


@pytest.mark.parametrize(
    ("page", "path"),
    [
        ("/pricing?utm_source=x", "/pricing"),
        ('/a;b,c"<sip:x>\r\n', "/a%3Bb%2Cc%22%3Csip:x%3E"),
        ("/" + "é" * 5000, None),
        ("/%00%0d%0aVia:%20x", "/%00%0D%0AVia:%20x"),
        ("/\u2028", "/%E2%80%A8"),
    ],
)
def test_hostile_pages_become_a_safe_path_header(client, wcs, asking, page, path):
    answer = call_with(client, wcs, asking.id, {"page": page, "consent": NOTICE})
    [header] = [h for h in answer["sipHeaders"] if h.startswith("X-Callgate-Page: ")]
    value = header.removeprefix("X-Callgate-Page: ")
    assert SAFE_LINE.fullmatch(value) and value.isascii() and len(value) <= 200
    if path is not None:
        assert value == path


@pytest.mark.parametrize("page", ["pricing", "//evil.example/x", "https://evil.example/"])
def test_a_page_that_is_not_a_path_is_refused(client, asking, page):
    answer = ask(client, asking.id, {"page": page, "consent": NOTICE})
    assert (answer.status_code, answer.get_json()["error"]) == (400, "bad_page")


def test_the_headers_name_the_call_button_route_page_and_recording(app, client, wcs, asking):
    with app.app_context():
        route = add_route(get_db(), asking.id, {"label": 'Support "24/7"', "callee": "7003"})
    body = {"route": route.id, "name": "Ann", "page": "/help?q=1", "consent": NOTICE}
    answer = call_with(client, wcs, asking.id, body)
    assert answer["callee"] == "7003" and answer["visibleName"] == "Ann"
    assert answer["sipHeaders"] == [
        f"X-Callgate-Call: {answer['callId']}",
        f"X-Callgate-Button: {asking.id}",
        "X-Callgate-Route: Support 24/7",
        "X-Callgate-Page: /help",
        "X-Callgate-Record: yes",
    ]
    with app.app_context():
        [stored] = get_db().scalars(select(CallContext))
    assert (stored.name, stored.page, stored.route_label) == ("Ann", "/help?q=1", 'Support "24/7"')


def test_without_stored_consent_the_record_flag_is_no(app, client, wcs, button):
    with app.app_context():
        set_context(get_db(), button.id, recording="if-consented")
    answer = call_with(client, wcs, button.id, {"name": "Ann"})
    assert "X-Callgate-Record: no" in answer["sipHeaders"]
    # The button does not ask for a name: the one the page sent is not kept.
    assert answer["visibleName"] == ""


def test_a_required_name_must_be_given(app, client, button):
    with app.app_context():
        set_context(get_db(), button.id, ask_name="required")
    for body in (None, {"name": ""}, {"name": "\r\n\u2028"}):
        answer = ask(client, button.id, body)
        assert (answer.status_code, answer.get_json()["error"]) == (400, "name_required")
    assert ask(client, button.id, {"name": "Ann"}).status_code == 200


@pytest.mark.parametrize("body", [b'{"name": 3}', b'{"route": ["a"]}', b'{"phone": "1"}', b"[]"])
def test_malformed_bodies_are_refused(client, button, body):
    answer = client.post(
        f"/api/v1/buttons/{button.id}/token",
        data=body,
        headers={"Origin": "https://shop.example.com", "Content-Type": "text/plain"},
    )
    assert answer.status_code == 400


def test_the_call_id_header_keeps_only_token_characters(app, client, wcs, asking):
    from tests.data import ORIGIN
    from tests.wcs import session_id

    token = ask(client, asking.id, {"consent": NOTICE, "page": "/"}).get_json()["token"]
    sid = session_id()
    wcs.post("connect", wcs.connect_body(token, ORIGIN, sid))
    answer = wcs.post("call", wcs.call_body(sid, "abc def<sip:x>")).get_json()
    assert answer["sipHeaders"][0] == "X-Callgate-Call: abcdefsip:x"


def test_bad_settings_are_refused(app, button):
    with app.app_context(), pytest.raises(ContextError.__mro__[1]):
        set_context(get_db(), button.id, recording="always")


def test_clean_page_drops_a_half_cut_escape():
    assert clean_page("/" + "x" * 298 + "é").endswith("x")
