"""Overview figures: placed, answered, failed, refused by reason, talk minutes, per day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callgate.audit.trail import record
from callgate.calls.stats import overview
from callgate.db import get_db
from callgate.db.models import Call, WcsSession

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def add_call(db, button, at, answered=True, finished=True, talk=60.0):
    sid = f"/203.0.113.7:{int(at.timestamp())}/198.51.100.1:8443"
    db.add(
        WcsSession(
            session_id=sid, jti=sid, button_id=button.id, origin="https://a.example", opened_at=at
        )
    )
    db.add(
        Call(
            call_id=sid,
            session_id=sid,
            button_id=button.id,
            callee="7001",
            created_at=at,
            established_at=at + timedelta(seconds=5) if answered else None,
            finished_at=at + timedelta(seconds=5 + talk) if finished else None,
            final_status=("FINISH" if answered else "FAILED") if finished else None,
            talk_seconds=talk if answered and finished else None,
        )
    )
    db.commit()


def test_today_and_thirty_days(app, button):
    with app.app_context():
        db = get_db()
        add_call(db, button, NOW - timedelta(hours=1))
        add_call(db, button, NOW - timedelta(hours=2), answered=False)
        add_call(db, button, NOW - timedelta(days=3), talk=120)
        add_call(db, button, NOW - timedelta(days=31))  # outside the window
        record(
            db,
            "token",
            "refused",
            "daily budget used",
            code="budget_exhausted",
            button_id=button.id,
        )
        record(db, "connect", "refused", "kill switch", code="kill_switch", button_id=button.id)
        record(db, "token", "allowed", "origin https://a.example", button_id=button.id)
        figures = overview(db, [button.workspace_id], NOW)
    today = figures.today
    assert (today.placed, today.answered, today.failed, today.talk_minutes) == (2, 1, 1, 1.0)
    assert (figures.total.placed, figures.total.talk_minutes) == (3, 3.0)
    assert len(figures.days) == 30 and figures.days[-1][0] == NOW.date()
    assert figures.by_button[button.id].placed == 3


def test_refusals_by_reason_and_only_for_the_buttons_asked(app, button):
    with app.app_context():
        db = get_db()
        record(
            db,
            "token",
            "refused",
            "daily budget used",
            code="budget_exhausted",
            button_id=button.id,
        )
        record(db, "call", "refused", "too many calls", code="too_many_calls", button_id=button.id)
        record(db, "token", "refused", "rate limit ip", code="rate_limited_ip", button_id="another")
        figures = overview(db, [button.workspace_id], datetime.now(UTC))
    assert figures.today.refused == 2
    assert dict(figures.total.reasons) == {"budget": 1, "limit": 1}


def test_a_call_in_progress_counts_its_talk_so_far(app, button):
    with app.app_context():
        db = get_db()
        add_call(db, button, NOW - timedelta(minutes=10), finished=False)
        figures = overview(db, [button.workspace_id], NOW)
    assert figures.today.answered == 1 and figures.today.failed == 0
    assert 9.8 < figures.today.talk_minutes <= 10
