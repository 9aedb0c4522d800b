"""The console's routes page (add, list, remove, context settings) and a call's context."""

from __future__ import annotations

import html
import json

import pytest

from callgate.db import get_db
from callgate.routes.store import list_routes
from tests.console.helpers import ROOMY, post
from tests.data import ORIGIN
from tests.wcs import session_id


@pytest.fixture
def app(make_app):
    return make_app(**ROOMY)


def routes_of(app, button_id):
    with app.app_context():
        return [(r.label, r.callee, r.overflow_id) for r in list_routes(get_db(), button_id)]


def test_add_list_and_remove_routes(app, as_admin, button):
    path = f"/console/buttons/{button.id}/routes"
    added = post(as_admin, path, {"label": "Sales", "label_ru": "Продажи", "callee": "7002"})
    assert added.status_code == 302
    with app.app_context():
        [sales] = list_routes(get_db(), button.id)
    post(
        as_admin,
        path,
        {
            "label": "Support",
            "callee": "7003",
            "hours": "mon-fri 09:00-18:00",
            "ring_time": "20",
            "overflow": sales.id,
        },
    )
    assert routes_of(app, button.id) == [("Sales", "7002", None), ("Support", "7003", sales.id)]
    page = html.unescape(as_admin.get(path).get_data(as_text=True))
    assert "Продажи" in page and "mon-fri 09:00-18:00" in page
    post(as_admin, f"{path}/{sales.id}/remove", {}, form=path)
    assert routes_of(app, button.id) == [("Support", "7003", None)]


@pytest.mark.parametrize(
    "fields",
    [
        {"label": "A", "callee": "+88213000000"},
        {"label": "A", "callee": "7001", "ring_time": "1"},
        {"label": "", "callee": "7001"},
        {"label": "A", "callee": "7001", "hours": "whenever"},
    ],
)
def test_bad_routes_are_said_and_not_stored(app, as_admin, button, fields):
    answer = post(as_admin, f"/console/buttons/{button.id}/routes", fields)
    assert answer.status_code == 400 and 'id="form-errors"' in answer.get_data(as_text=True)
    assert routes_of(app, button.id) == []


def test_context_settings_and_a_calls_context_on_its_page(app, as_admin, button, wcs):
    path = f"/console/buttons/{button.id}/routes"
    post(
        as_admin,
        f"/console/buttons/{button.id}/context",
        {"ask_name": "optional", "recording": "if-consented"},
        form=path,
    )
    post(as_admin, path, {"label": "Support", "callee": "7003"})
    with app.app_context():
        [route] = list_routes(get_db(), button.id)
    body = {"route": route.id, "name": 'Ann "<sip:x>"', "page": "/help?q=1"}
    token = as_admin.post(
        f"/api/v1/buttons/{button.id}/token",
        data=json.dumps(body),
        headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
    ).get_json()
    sid = session_id("127.0.0.1")
    wcs.post("connect", wcs.connect_body(token["token"], ORIGIN, sid))
    call = wcs.call_body(sid)
    assert wcs.post("call", call).get_json()["callee"] == "7003"
    page = html.unescape(as_admin.get(f"/console/calls/{call['callId']}").get_data(as_text=True))
    facts = page.split('id="context-facts"')[1].split("</dl>")[0]
    for shown in ("Support", "Ann sip:x", "/help?q=1", "not given", "X-Callgate-Record: no"):
        assert shown in facts


def test_a_verified_customer_is_marked_and_a_forged_one_says_why(app, as_admin, button, wcs):
    import time

    from callgate.routes.identity import identity_secret
    from callgate.vault.stored import vault_of
    from tests.routes.test_identity import sign

    with app.app_context():
        secret = identity_secret(get_db(), vault_of(get_db()), button.id)
    exp = int(time.time()) + 120
    for key, shown in ((secret, "cust-7 ✓ verified"), ("forged", "not verified: bad_signature")):
        body = {"identity": sign(key, {"sub": "cust-7", "exp": exp})}
        token = as_admin.post(
            f"/api/v1/buttons/{button.id}/token",
            data=json.dumps(body),
            headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
        ).get_json()
        sid = session_id("127.0.0.1")
        wcs.post("connect", wcs.connect_body(token["token"], ORIGIN, sid))
        call = wcs.call_body(sid)
        assert wcs.post("call", call).status_code == 200
        wcs.call_status(call, "FINISH")
        page = html.unescape(
            as_admin.get(f"/console/calls/{call['callId']}").get_data(as_text=True)
        )
        assert shown in page.split('id="context-facts"')[1].split("</dl>")[0]


def test_an_overflowed_call_and_its_second_leg_link_each_other(app, as_admin, button, wcs):
    from callgate.routes.store import add_route
    from tests.routes.helpers import place

    with app.app_context():
        sales = add_route(get_db(), button.id, {"label": "Sales", "callee": "7002"})
        fields = {"label": "Support", "callee": "7003", "overflow_id": sales.id}
        support = add_route(get_db(), button.id, fields).id
    token, first = place(as_admin, wcs, button.id, {"route": support})
    wcs.call_status(first, "BUSY")
    _, second = place(as_admin, wcs, button.id, {"overflowOf": token["overflow"]["key"]})
    wcs.call_status(second, "ESTABLISHED")

    def facts_of(call: dict) -> str:
        page = as_admin.get(f"/console/calls/{call['callId']}").get_data(as_text=True)
        return html.unescape(page).split('id="context-facts"')[1].split("</dl>")[0]

    facts = facts_of(first)
    assert f'Overflowed to</dt><dd><a href="/console/calls/{second["callId"]}">' in facts
    assert "the call to 7002</a></dd>" in facts
    facts = facts_of(second)
    assert f'Overflow of</dt><dd><a href="/console/calls/{first["callId"]}">' in facts
    assert "the call to 7003</a> (busy or not answered in its ring time)" in facts
    assert "<dt>Route</dt><dd>Sales</dd>" in facts
