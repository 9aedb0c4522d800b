"""CALLGATE_TRUSTED_PROXIES: which X-Forwarded-For entry is the client (checklist row 35)."""

from __future__ import annotations

import pytest
import time_machine

from callgate.audit.trail import list_events
from callgate.buttons.store import create_button
from callgate.db import get_db
from tests.calltokens.test_binding import payload
from tests.data import BUTTON, ORIGIN

PROXY = "192.0.2.99"


@pytest.fixture
def setup(make_app):
    """Return a client of an app trusting `proxies` hops, and a button id."""

    def build(proxies: int, **config: object):
        app = make_app(TRUSTED_PROXIES=proxies, **config)
        with app.app_context():
            button = create_button(get_db(), dict(BUTTON))
        return app, app.test_client(), button.id

    with time_machine.travel("2026-11-26 10:00:00Z", tick=False):
        yield build


def post(client, button_id: str, remote: str, forwarded: str | None = None):
    headers = {"Origin": ORIGIN}
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    return client.post(
        f"/api/v1/buttons/{button_id}/token", headers=headers, environ_base={"REMOTE_ADDR": remote}
    )


def test_without_trusted_proxies_the_header_is_ignored(setup):
    _, client, button_id = setup(0)
    codes = [post(client, button_id, "203.0.113.7", f"198.51.{i}.1").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_with_one_proxy_only_the_right_most_entry_counts(setup):
    _, client, button_id = setup(1)
    spoofed = [f"198.51.{i}.1, 203.0.113.7" for i in range(4)]
    assert [post(client, button_id, PROXY, f).status_code for f in spoofed] == [200] * 3 + [429]
    assert post(client, button_id, PROXY, "203.0.113.7, 198.51.100.1").status_code == 200


def test_with_two_proxies_the_second_from_the_right_counts(setup):
    _, client, button_id = setup(2)
    forwarded = [f"198.51.{i}.1, 203.0.113.7, 192.0.2.98" for i in range(4)]
    assert [post(client, button_id, PROXY, f).status_code for f in forwarded] == [200] * 3 + [429]


def test_clients_behind_one_proxy_are_counted_apart(setup):
    _, client, button_id = setup(1)
    for i in range(3):
        assert post(client, button_id, PROXY, f"198.51.{i}.1").status_code == 200
    assert post(client, button_id, PROXY, "198.51.1.1").status_code == 200


def test_without_the_header_the_proxy_itself_is_the_client(setup):
    _, client, button_id = setup(1)
    assert [post(client, button_id, PROXY).status_code for _ in range(4)] == [200] * 3 + [429]


def test_audit_and_binding_use_the_forwarded_client(setup):
    app, client, button_id = setup(1, TOKEN_BINDING="exact")

    def claim(forwarded: str) -> str:
        return payload(post(client, button_id, PROXY, forwarded).get_json()["token"])["a"]

    spoofed, genuine = claim("10.9.9.9, 203.0.113.7"), claim("203.0.113.7")
    assert spoofed == genuine != claim("10.9.9.9")
    with app.app_context():
        ips = [e["clientIp"] for e in reversed(list_events(get_db()))]
    assert ips == ["203.0.113.0", "203.0.113.0", "10.9.9.0"]
