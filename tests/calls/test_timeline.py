"""A call's story: who ended it, and the token decision matched by network and time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callgate.audit.trail import record
from callgate.calls.timeline import Step, attempt, call_story, ended_by
from callgate.db import get_db
from callgate.db.models import AuditEvent, Call, WcsSession
from callgate.errors import NotFound
from tests.calls.test_stats import NOW, add_call


def make_call(**fields) -> Call:
    return Call(call_id="c", session_id="s", button_id="b", callee="1", **fields)


@pytest.mark.parametrize(
    ("call", "closed", "steps", "expected"),
    [
        (
            make_call(ended_by="watchdog: max duration", final_status="FINISH"),
            False,
            [],
            "watchdog: max duration",
        ),
        (make_call(final_status="FINISH"), False, [Step(NOW, "hangup", None, "event")], "visitor"),
        (make_call(final_status="FINISH"), False, [], "remote"),
        (make_call(final_status="BUSY"), False, [], "failed"),
        (make_call(), True, [], "disconnected"),
        (make_call(), False, [], None),
    ],
)
def test_who_ended_it(call, closed, steps, expected):
    session = WcsSession(closed_at=NOW if closed else None)
    assert ended_by(call, session, steps) == expected


def test_the_token_is_the_latest_decision_for_that_network_before_the_session(app, button):
    with app.app_context():
        db = get_db()
        opened = NOW - timedelta(minutes=5)
        add_call(db, button, opened)
        session = db.query(WcsSession).one()
        session.visitor_ip = "203.0.113.0/24"
        for seconds, ip in (
            (-200, "203.0.113.0/24"),
            (-3, "203.0.113.0/24"),
            (-1, "198.51.100.0/24"),
        ):
            record(db, "token", "allowed", f"at {seconds}", button_id=button.id, client_ip=ip)
            db.query(AuditEvent).filter(AuditEvent.reason == f"at {seconds}").update(
                {"at": opened + timedelta(seconds=seconds)}
            )
        db.commit()
        story = call_story(db, session.session_id)
    tokens = [step for step in story.steps if step.what == "token"]
    assert [step.detail for step in tokens] == ["at -3"]
    assert story.steps[-1].what == "end"


def test_unknown_calls_and_attempts(app):
    with app.app_context():
        db = get_db()
        with pytest.raises(NotFound):
            call_story(db, "nope")
        record(db, "token", "allowed", "fine", button_id="b")
        for event_id in ("1", "x", "999"):
            with pytest.raises(NotFound):
                attempt(db, event_id)
