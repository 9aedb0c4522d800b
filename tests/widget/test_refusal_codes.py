"""One origin refusal, one code: the config, token and callback endpoints; the row keeps it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callgate.buttons.store import update_button
from callgate.db import get_db
from callgate.db.models import AuditEvent
from tests.data import ORIGIN

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
