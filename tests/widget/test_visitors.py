"""widget/visitors.py under fuzzing: call reports and callback requests of any shape.

Whatever the body, the answer is a success or a clear 4xx, never a 500 (a lone surrogate in
the report key and tags that were no text once were). The fixed regressions are in
tests/visitors/test_reports.py; this searches for the next one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.visitors.reports import GRADES, QUALITY_BOUNDS, TAGS
from tests.data import ORIGIN
from tests.wcs import session_id
from tests.widget.fuzz import JSON, assert_clear_answer, encoded, next_address, shaped

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
QUALITY = st.fixed_dictionaries(
    {"grade": st.sampled_from(GRADES) | JSON},
    optional={name: st.integers(-1, 100_001) | st.floats() for name in QUALITY_BOUNDS},
)
#: Each callback request on a day of its own, so the per-button and global limits never fill.
DAYS = count()
T0 = datetime(2031, 1, 6, 12, tzinfo=UTC)
#: A key-like text, and the red team's: a lone surrogate (the rest comes from JSON).
TEXT_KEYS = st.text(max_size=40) | st.just("\udc80abc")


@pytest.fixture
def report_key(client, wcs, button, get_token) -> str:
    """The report key of a call placed through the hooks."""
    grant, sid = get_token(button.id), session_id()
    assert wcs.post("connect", wcs.connect_body(grant["token"], ORIGIN, sid)).status_code == 200
    assert wcs.post("call", wcs.call_body(sid)).status_code == 200
    return grant["reportKey"]


def reports(key: str) -> st.SearchStrategy[bytes]:
    """Report bodies: the real key or anything in its place, with fields of any value."""
    fields = {
        "key": st.just(key) | TEXT_KEYS,
        "rating": st.integers(0, 6),
        "tags": st.lists(st.sampled_from(TAGS) | JSON, max_size=5),
        "quality": QUALITY,
        "consent": st.booleans(),
    }
    return encoded(shaped(fields) | JSON)


@FUZZ
@given(data=st.data())
def test_a_report_of_any_shape_gets_a_clear_answer(client, report_key, data):
    raw = data.draw(reports(report_key))
    response = client.post(
        "/api/v1/calls/report",
        data=raw,
        headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
        environ_base={"REMOTE_ADDR": next_address()},
    )
    assert_clear_answer(response)


PHONES = st.sampled_from(["+49 30 901820", "+1 900 555 0123", "030 901820", "+7 123"])


@FUZZ
@given(body=encoded(shaped({"phone": PHONES | st.text(max_size=20), "note": JSON}) | JSON))
def test_a_callback_request_of_any_shape_gets_a_clear_answer(app, client, button, body):
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    with time_machine.travel(T0 + timedelta(days=next(DAYS))):
        response = client.post(
            f"/api/v1/buttons/{button.id}/callbacks",
            data=body,
            headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
            environ_base={"REMOTE_ADDR": next_address()},
        )
    assert_clear_answer(response)
