"""Shared steps of the call tests: place a real call from a page, through the token request,
`/connect`, `/call` and the status events, as the widget and WCS do."""

from __future__ import annotations

from tests.data import ORIGIN
from tests.routes.helpers import ask
from tests.wcs import session_id


def place_from(client, wcs, button_id: str, page: str, *, answered: bool = True) -> dict:
    """Place a call from `page` (path and query), answered and finished or not answered;
    return the `/call` body WCS sent."""
    response = ask(client, button_id, {"page": page})
    assert response.status_code == 200, response.get_json()
    sid = session_id("127.0.0.1")
    connect = wcs.connect_body(response.get_json()["token"], ORIGIN, sid)
    assert wcs.post("connect", connect).status_code == 200
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    wcs.call_status(call, "TRYING")
    if answered:
        wcs.call_status(call, "ESTABLISHED")
    wcs.call_status(call, "FINISH" if answered else "FAILED")
    return call
