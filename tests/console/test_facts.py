"""A call's page says what came from the visitor: rating, issues, the notice accepted and when,
the quality measured; the call list and its CSV carry the rating."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import time_machine

from callgate.buttons.store import update_button
from callgate.db import get_db
from tests.data import ORIGIN
from tests.wcs import session_id

NOTICE = "Calls are recorded.\nBy calling you agree."
QUALITY = {"rttMs": 42, "jitterMs": 3, "lossPct": 0.5, "grade": "good", "samples": 30}


@pytest.fixture
def rated(app, client, button, wcs):
    """A call whose visitor accepted the notice at 10:00:00, was answered, rated it 4 with echo."""
    with app.app_context():
        update_button(get_db(), button.id, {"consent_text": NOTICE})
    sid, headers = session_id("127.0.0.1"), {"Origin": ORIGIN}
    with time_machine.travel("2026-12-07 10:00:00Z", tick=False):
        grant = client.post(
            f"/api/v1/buttons/{button.id}/token",
            data=json.dumps({"consent": NOTICE}),
            headers=headers,
        ).get_json()
    with time_machine.travel("2026-12-07 10:00:04Z", tick=False):
        assert wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, sid)).status_code == 200
        call = wcs.call_body(sid)
        assert wcs.post("call", call).status_code == 200
        wcs.call_status(call, "ESTABLISHED")
    with time_machine.travel("2026-12-07 10:03:00Z", tick=False):
        wcs.call_status(call, "FINISH")
        for part in ({"quality": QUALITY | {"reconnects": 1}}, {"rating": 4, "tags": ["echo"]}):
            body = json.dumps({"key": grant["reportKey"], **part})
            assert (
                client.post("/api/v1/calls/report", data=body, headers=headers).status_code == 200
            )
    return call


def visitor_facts(html: str) -> dict[str, str]:
    section = html.split('id="visitor-facts"', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", section)
    return dict(pairs)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "Rating": "4 of 5",
                "Issues the visitor ticked": "echo",
                "Notice accepted": NOTICE,
                "Accepted at": "2026-12-07 10:00:00 UTC",
                "Call quality": (
                    "good · round trip 42 ms · jitter 3 ms · loss 0.5 % · reconnects: 1"
                ),
            },
        ),
        (
            "ru",
            {
                "Оценка": "4 из 5",
                "Отмеченные проблемы": "эхо",
                "Принятое уведомление": NOTICE,
                "Когда принято": "2026-12-07 10:00:00 UTC",
                "Качество звонка": "хорошее · задержка 42 мс · джиттер 3 мс · потери 0.5 % · "
                "переподключений: 1",
            },
        ),
    ],
)
def test_the_call_page_shows_rating_consent_and_quality(as_admin, rated, lang, expected):
    as_admin.set_cookie("callgate_console_lang", lang)
    html = as_admin.get(f"/console/calls/{rated['callId']}").get_data(as_text=True)
    assert visitor_facts(html) == expected


def test_a_call_without_anything_from_the_visitor_says_so(as_admin, button, wcs, get_token):
    sid = session_id("127.0.0.1")
    assert wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    call = wcs.call_body(sid)
    wcs.post("call", call)
    html = as_admin.get(f"/console/calls/{call['callId']}").get_data(as_text=True)
    assert visitor_facts(html) == {
        "Rating": "not given",
        "Issues the visitor ticked": "–",
        "Notice accepted": "none",
        "Accepted at": "–",
        "Call quality": "–",
    }


def test_the_list_and_the_csv_carry_the_rating(as_admin, rated):
    html = as_admin.get("/console/calls").get_data(as_text=True)
    row = re.search(r'<tr data-kind="call".*?</tr>', html, re.DOTALL).group(0)
    assert "4 of 5" in row
    [line] = list(
        csv.DictReader(io.StringIO(as_admin.get("/console/calls.csv").get_data(as_text=True)))
    )
    assert (line["rating"], line["rating_tags"]) == ("4", "echo")
