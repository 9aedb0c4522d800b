"""Routes: the page picks one of the button's routes; the token carries it; `/call` rings it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callgate.buttons.store import create_button
from callgate.calltokens.tokens import load_token
from callgate.db import get_db
from callgate.db.models import Call
from callgate.db.routes import CallContext
from callgate.routes.errors import RouteError
from callgate.routes.store import add_route, list_routes, remove_route, update_route
from tests.data import BUTTON, SECRET_KEY
from tests.routes.helpers import ask, call_with

NEVER = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def routes(app, button) -> dict[str, str]:
    """Sales (open), Support (open, overflows to Sales), Night (never open): their ids."""
    with app.app_context():
        db = get_db()
        sales = add_route(
            db, button.id, {"label": "Sales", "label_ru": "Продажи", "callee": "7002"}
        )
        support = add_route(
            db, button.id, {"label": "Support", "callee": "+74951234567", "overflow_id": sales.id}
        )
        night = add_route(db, button.id, {"label": "Night", "callee": "7009", "schedule": NEVER})
        return {"sales": sales.id, "support": support.id, "night": night.id}


def test_the_public_config_lists_routes_without_callees(client, button, routes):
    config = client.get(f"/api/v1/buttons/{button.id}?lang=ru").get_json()
    assert config["routes"] == [
        {"id": routes["sales"], "label": "Продажи", "open": True},
        {"id": routes["support"], "label": "Support", "open": True},
        {"id": routes["night"], "label": "Night", "open": False},
    ]
    assert "7002" not in str(config) and "+74951234567" not in str(config)


def test_the_picked_route_is_signed_into_the_token_and_rung(app, client, wcs, button, routes):
    answer = ask(client, button.id, {"route": routes["support"]}).get_json()
    claims = load_token(answer["token"], [SECRET_KEY], max_age=60, skew=5)
    assert claims.route == routes["support"]
    assert (
        call_with(client, wcs, button.id, {"route": routes["support"]})["callee"] == "+74951234567"
    )
    with app.app_context():
        assert {c.callee for c in get_db().scalars(select(Call))} == {"+74951234567"}


def test_without_a_route_named_the_first_open_one_is_taken(client, wcs, button, routes):
    assert call_with(client, wcs, button.id)["callee"] == "7002"


@pytest.mark.parametrize(
    ("asked", "code"),
    [
        ("no-such-route", "unknown_route"),
        ("x" * 5000, "unknown_route"),
        ("night", "route_closed"),
        ("other", "route_of_another_button"),
    ],
)
def test_routes_the_page_may_not_use_are_refused(app, client, button, routes, asked, code):
    with app.app_context():
        other = create_button(get_db(), dict(BUTTON, name="Other"))
        routes["other"] = add_route(get_db(), other.id, {"label": "X", "callee": "7100"}).id
    answer = ask(client, button.id, {"route": routes.get(asked, asked)})
    assert answer.status_code == 403
    assert answer.get_json()["error"] == code
    with app.app_context():
        assert list(get_db().scalars(select(CallContext))) == []


def test_a_route_on_a_button_without_routes_is_unknown(client, button):
    answer = ask(client, button.id, {"route": "anything"})
    assert (answer.status_code, answer.get_json()["error"]) == (403, "unknown_route")


def test_a_button_without_routes_calls_its_callee_and_stores_no_context(app, client, wcs, button):
    answer = call_with(client, wcs, button.id)
    assert (answer["callee"], answer["visibleName"], answer["sipHeaders"]) == ("7001", "", [])
    with app.app_context():
        assert list(get_db().scalars(select(CallContext))) == []


def test_all_routes_closed_refuses_the_token(app, client, button, routes):
    with app.app_context():
        for route_id in (routes["sales"], routes["support"]):
            update_route(get_db(), button.id, route_id, {"schedule": NEVER})
    answer = ask(client, button.id)
    assert (answer.status_code, answer.get_json()["error"]) == (403, "no_open_route")


def test_a_route_removed_after_the_token_refuses_the_call(app, client, wcs, button, routes):
    from tests.data import ORIGIN
    from tests.wcs import session_id

    token = ask(client, button.id, {"route": routes["support"]}).get_json()["token"]
    sid = session_id()
    assert wcs.post("connect", wcs.connect_body(token, ORIGIN, sid)).status_code == 200
    with app.app_context():
        remove_route(get_db(), button.id, routes["support"])
        assert [r.overflow_id for r in list_routes(get_db(), button.id)] == [None, None]
    response = wcs.post("call", wcs.call_body(sid))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"label": "A", "callee": "+79001234567", "ring_seconds": 1}, "bad_ring_time"),
        ({"label": "A", "callee": "7001", "overflow_id": "missing"}, "bad_overflow"),
        ({"label": "A"}, "bad_setting"),
        ({"label": "A", "callee": "7001", "colour": "red"}, "unknown_route_fields"),
    ],
)
def test_bad_route_fields_are_refused(app, button, values, code):
    with app.app_context(), pytest.raises(RouteError) as refused:
        add_route(get_db(), button.id, values)
    assert refused.value.code == code
    with app.app_context():
        assert list_routes(get_db(), button.id) == []


def test_a_route_takes_the_callee_rules(app, button):
    with app.app_context(), pytest.raises(Exception) as refused:
        add_route(get_db(), button.id, {"label": "A", "callee": "+88213000000"})
    assert refused.value.code.startswith("callee")
