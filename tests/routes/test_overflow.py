"""Overflow: a busy or unanswered route's call moves once to its overflow route, as a second
leg of the same attempt that spends no second unit of the daily budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from callgate.buttons.store import create_button, update_button
from callgate.calltokens.overflow_keys import issue_overflow_key
from callgate.calltokens.report_keys import issue_report_key
from callgate.db import get_db
from callgate.db.models import Call, DailyUsage, WcsSession, utcnow
from callgate.db.routes import CallContext
from callgate.guardrails import budget
from callgate.routes import overflow
from callgate.routes.errors import OverflowRefused
from callgate.routes.store import add_route, set_context, update_route
from tests.data import BUTTON, ORIGIN, SECRET_KEY
from tests.routes.helpers import ask, place
from tests.wcs import session_id

NEVER = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def routes(app, button) -> dict[str, str]:
    """Support (overflows to Sales after 20 s of ringing), Sales, Plain (no overflow)."""
    with app.app_context():
        db = get_db()
        sales = add_route(db, button.id, {"label": "Sales", "callee": "7002"})
        support = add_route(
            db,
            button.id,
            {"label": "Support", "callee": "7001", "overflow_id": sales.id, "ring_seconds": 20},
        )
        plain = add_route(db, button.id, {"label": "Plain", "callee": "7003"})
        set_context(db, button.id, ask_name="optional")
        return {"sales": sales.id, "support": support.id, "plain": plain.id}


def test_a_route_that_overflows_says_so_in_its_token_answer(client, button, routes):
    answer = ask(client, button.id, {"route": routes["support"]}).get_json()
    assert answer["overflow"]["ringSeconds"] == 20
    assert answer["overflow"]["key"]
    assert "overflow" not in ask(client, button.id, {"route": routes["plain"]}).get_json()


def test_a_busy_call_overflows_once_to_the_overflow_route(app, client, wcs, button, routes):
    grant, first = place(client, wcs, button.id, {"route": routes["support"], "name": "Ann"})
    assert first["answer"]["callee"] == "7001"
    assert wcs.call_status(first, "BUSY").status_code == 200
    again, second = place(client, wcs, button.id, {"overflowOf": grant["overflow"]["key"]})
    assert second["answer"]["callee"] == "7002"
    assert "overflow" not in again  # an overflow leg does not overflow again
    headers = "\n".join(second["answer"]["sipHeaders"])
    assert "X-Callgate-Route: Sales" in headers
    with app.app_context():
        db = get_db()
        leg = db.get(Call, second["callId"])
        assert leg.overflow_of == first["callId"]
        assert db.get(Call, first["callId"]).overflow_of is None
        contexts = {c.route_label: c for c in db.scalars(select(CallContext))}
        assert contexts["Sales"].name == "Ann"  # the first leg's context goes on
    twice = ask(client, button.id, {"overflowOf": grant["overflow"]["key"]})
    assert (twice.status_code, twice.get_json()["error"]) == (403, "overflow_used")


def test_the_overflow_leg_spends_no_budget_unit(app, client, wcs, button, routes):
    with app.app_context():
        update_button(get_db(), button.id, {"daily_calls": 1})
    grant, first = place(client, wcs, button.id, {"route": routes["support"]})
    assert wcs.call_status(first, "BUSY").status_code == 200
    assert ask(client, button.id, {"route": routes["plain"]}).get_json()["error"] == (
        "budget_exhausted"
    )
    _, second = place(client, wcs, button.id, {"overflowOf": grant["overflow"]["key"]})
    assert second["answer"]["callee"] == "7002"
    with app.app_context():
        db = get_db()
        fresh = db.get(type(button), button.id)
        assert db.scalar(select(DailyUsage.calls)) == 1
        assert budget.usage(db, fresh, budget_now(db)).calls == 1  # counted from the rows too
        assert len(db.scalars(select(Call)).all()) == 2


def budget_now(db):
    """Return a moment just after the newest call, in the day of the calls."""
    return db.scalar(select(Call.created_at).order_by(Call.created_at.desc()).limit(1)) + (
        timedelta(seconds=1)
    )


def key_of_another_button(app, client) -> str:
    """The overflow key of an attempt of another button whose route overflows."""
    with app.app_context():
        other = create_button(get_db(), dict(BUTTON, name="Other"))
        sales = add_route(get_db(), other.id, {"label": "S", "callee": "7100"})
        fields = {"label": "T", "callee": "7101", "overflow_id": sales.id}
        route = add_route(get_db(), other.id, fields).id
        other_id = other.id
    return ask(client, other_id, {"route": route}).get_json()["overflow"]["key"]


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("garbage", 403, "bad_overflow_key"),
        ("an object", 400, "bad_request"),
        ("10 KB", 403, "bad_overflow_key"),
        ("a report key", 403, "bad_overflow_key"),
        ("unknown attempt", 403, "no_overflow"),
        ("another button's attempt", 403, "no_overflow"),
        ("a route without overflow", 403, "no_overflow"),
        ("not placed", 403, "overflow_not_placed"),
        ("answered", 403, "overflow_answered"),
        ("overflow route closed", 403, "overflow_closed"),
        ("an overflow leg's own key", 403, "no_overflow"),
    ],
)
def test_overflows_the_attempt_may_not_have_are_refused(
    app, client, wcs, button, routes, case, status, code
):
    key = hostile_key(app, client, wcs, button, routes, case)
    answer = ask(client, button.id, {"overflowOf": key})
    assert (answer.status_code, answer.get_json()["error"]) == (status, code)
    with app.app_context():
        legs = get_db().scalars(select(CallContext).where(CallContext.overflow_of.is_not(None)))
        assert len(legs.all()) == (1 if case == "an overflow leg's own key" else 0)


def hostile_key(app, client, wcs, button, routes, case: str) -> object:
    """Return the overflow key of the named bad case (the attempt made as it needs)."""
    fixed = {
        "garbage": "not-a-key",
        "an object": {},
        "10 KB": "k" * 10_000,
        "a report key": issue_report_key([SECRET_KEY], "some-jti"),
        "unknown attempt": issue_overflow_key([SECRET_KEY], "no-such-jti"),
    }
    if case in fixed:
        return fixed[case]
    if case == "another button's attempt":
        return key_of_another_button(app, client)
    route = routes["plain" if case == "a route without overflow" else "support"]
    if case == "a route without overflow":
        grant = ask(client, button.id, {"route": route}).get_json()
        return issue_overflow_key([SECRET_KEY], jti_of(app, grant))
    grant = ask(client, button.id, {"route": route}).get_json()
    key = grant["overflow"]["key"]
    if case == "not placed":
        return key
    sid = session_id()
    assert wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, sid)).status_code == 200
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    if case == "answered":
        assert wcs.call_status(call, "ESTABLISHED").status_code == 200
    if case == "overflow route closed":
        with app.app_context():
            update_route(get_db(), button.id, routes["sales"], {"schedule": NEVER})
    if case == "an overflow leg's own key":
        leg = ask(client, button.id, {"overflowOf": key}).get_json()
        return issue_overflow_key([SECRET_KEY], jti_of(app, leg))
    return key


def jti_of(app, grant: dict) -> str:
    """Return the jti of the newest stored attempt (the one `grant` answered)."""
    with app.app_context():
        newest = select(CallContext.jti).order_by(CallContext.created_at.desc()).limit(1)
        return get_db().scalar(newest)


def test_concurrent_overflows_of_one_attempt_store_one_leg(app, client, wcs, button, routes):
    grant, first = place(client, wcs, button.id, {"route": routes["support"]})
    with app.app_context():
        db = get_db()
        jti = db.scalar(select(WcsSession.jti).where(WcsSession.session_id == first["sessionId"]))
        fresh = db.get(type(button), button.id)
        target, context = overflow.take(db, fresh, jti, utcnow())
        # Another request stored its leg between this one's check and its insert.
        db.add(CallContext(jti="other-leg", button_id=button.id, overflow_of=jti))
        db.flush()
        with pytest.raises(OverflowRefused) as refused:
            overflow.store_leg(db, context, "this-leg", target, utcnow())
        assert refused.value.code == "overflow_used"
        db.rollback()
