"""Shared steps of the route tests: ask a token with a body, connect, and place the call."""

from __future__ import annotations

import json

from tests.data import ORIGIN
from tests.wcs import session_id


def ask(client, button_id: str, body: object = None):
    """POST the token request the widget sends, with `body` as its JSON text."""
    data = json.dumps(body) if body is not None else None
    headers = {"Origin": ORIGIN, "Content-Type": "text/plain"}
    return client.post(f"/api/v1/buttons/{button_id}/token", data=data, headers=headers)


def call_with(client, wcs, button_id: str, body: object = None) -> dict:
    """Get a token with `body`, connect its session and ask `/call`; return the answer."""
    answer = ask(client, button_id, body)
    assert answer.status_code == 200, answer.get_json()
    sid = session_id()
    assert (
        wcs.post("connect", wcs.connect_body(answer.get_json()["token"], ORIGIN, sid)).status_code
        == 200
    )
    response = wcs.post("call", wcs.call_body(sid))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def place(client, wcs, button_id: str, body: dict) -> tuple[dict, dict]:
    """Ask a token with `body`, connect and place its call; return (token answer, /call body)."""
    grant = ask(client, button_id, body)
    assert grant.status_code == 200, grant.get_json()
    sid = session_id()
    connected = wcs.post("connect", wcs.connect_body(grant.get_json()["token"], ORIGIN, sid))
    assert connected.status_code == 200
    call = wcs.call_body(sid)
    answer = wcs.post("call", call)
    assert answer.status_code == 200, answer.get_json()
    return grant.get_json(), call | {"answer": answer.get_json()}
