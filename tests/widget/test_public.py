"""`GET /api/v1/buttons/<id>`: the public config is the core builder's, with busy and the SDK."""

from __future__ import annotations

from callgate.buttons.public import PUBLIC
from tests.data import ORIGIN


def test_the_answer_is_the_builders_shape_with_busy_and_the_sdk(client, button):
    response = client.get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    body = response.get_json()
    shape = {"id", *PUBLIC.values(), "open", "opensAt", "closedMessage", "busy", "sdk"}
    assert set(body) == shape
    assert (body["id"], body["busy"]) == (button.id, False)


def test_the_lean_answer_is_the_look_and_whether_it_is_open(client, button):
    response = client.get(f"/api/v1/buttons/{button.id}?view=button", headers={"Origin": ORIGIN})
    body = response.get_json()
    assert {"label", "color", "textColor", "position", "open", "opensAt", "texts"} <= set(body)
    assert "dtmf" not in body
