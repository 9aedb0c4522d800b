"""One origin refusal, one code: the config, token and callback endpoints; the row keeps it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import event, select

from callgate.buttons.store import create_button, update_button
from callgate.db import engine_of, get_db
from callgate.db.models import AuditEvent
from callgate.widget.requests import TALLY
from tests.data import BUTTON, ORIGIN

EVIL = "https://evil.example.net"


@pytest.mark.parametrize("origin", [EVIL, "null"])
@pytest.mark.parametrize("kind", ["config", "token", "callbacks"])
def test_an_origin_refusal_has_one_code_on_every_endpoint(app, client, button, kind, origin):
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    path = f"/api/v1/buttons/{button.id}" + ("" if kind == "config" else f"/{kind}")
    send = client.get if kind == "config" else client.post
    response = send(path, headers={"Origin": origin, "Content-Type": "text/plain"})
    assert response.status_code == 403
    assert response.get_json()["error"] == "origin_not_allowed"


@pytest.mark.parametrize("kind", ["token", "callbacks"])
def test_a_refusals_audit_row_keeps_its_code(app, client, button, kind):
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    client.post(f"/api/v1/buttons/{button.id}/{kind}", headers={"Origin": EVIL})
    with app.app_context():
        query = select(AuditEvent.outcome, AuditEvent.code)
        assert get_db().execute(query).all() == [("refused", "origin_not_allowed")]


def test_a_counted_refusal_keeps_its_code(app, client, button):
    for _ in range(4):  # the default per-address limit is 3 a minute
        client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    with app.app_context():
        query = select(AuditEvent.code).where(AuditEvent.outcome == "refused")
        assert get_db().scalars(query).all() == ["rate_limited_ip"]


def test_requests_over_a_limit_are_counted_in_memory_and_written_in_one_row(make_app):
    """A flood over a limit writes no audit row a request: the tally writes a row per minute
    and requester when it is flushed (every CALLGATE_REFUSAL_FLUSH_SECONDS)."""
    app = make_app(REFUSAL_FLUSH_SECONDS=3600, POW_THRESHOLD="off")
    with app.app_context():
        button_id = create_button(get_db(), dict(BUTTON)).id
    client = app.test_client()
    written: list[str] = []
    # All in one minute: a minute's refusals share a row.
    with time_machine.travel(datetime(2026, 12, 8, 9, 0, 10, tzinfo=UTC), tick=False):
        for _ in range(3):  # the default per-address limit is 3 a minute
            client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
        event.listen(engine_of(app), "before_cursor_execute", lambda *a: written.append(a[2]))
        for _ in range(20):
            response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
            assert response.status_code == 429
    assert [s for s in written if "audit_events" in s and not s.startswith("SELECT")] == []
    with app.app_context():
        refused = select(AuditEvent.code).where(AuditEvent.outcome == "refused")
        assert get_db().scalars(refused).all() == []
    app.extensions[TALLY].flush()
    with app.app_context():
        rows = get_db().execute(
            select(AuditEvent.code, AuditEvent.count, AuditEvent.button_id).where(
                AuditEvent.outcome == "refused"
            )
        )
        assert rows.all() == [("rate_limited_ip", 20, button_id)]
