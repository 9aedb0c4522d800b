"""The token answer's TURN servers: per-attempt coturn credentials, relay-only, no secret."""

from __future__ import annotations

import logging

import time_machine

from callgate.buttons.store import update_button
from callgate.calltokens.tokens import load_token
from callgate.calltokens.turn import credential
from callgate.db import get_db
from tests.data import ORIGIN

SECRET = "turn-shared-secret-for-tests-0042"
URLS = ["turn:127.0.0.1:3478?transport=udp", "turns:turn.example.net:5349"]
NOW = 1765112000


def token_answer(client, button_id: str) -> dict:
    response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def jti_of(app, token: str) -> str:
    keys = app.config["TOKEN_KEYS"]
    return load_token(token, keys, max_age=60, skew=5).jti


def test_each_answer_has_its_own_credential_for_the_token_life_and_longest_call(make_app, button):
    app = make_app(TURN_SECRET=SECRET, TURN_URLS=",".join(URLS))
    client = app.test_client()
    with time_machine.travel(NOW, tick=False):
        first, second = token_answer(client, button.id), token_answer(client, button.id)
        jti = jti_of(app, first["token"])
    [server] = first["iceServers"]
    # Lifetime: the token's 60 s and the button's longest call, 900 s by default.
    assert server["username"] == f"{NOW + 60 + 900}:{jti}"
    assert server["credential"] == credential(SECRET, server["username"])
    assert server["urls"] == URLS
    assert second["iceServers"][0]["username"] != server["username"]
    assert "iceTransportPolicy" not in first
    assert SECRET not in str(first) + str(second)


def test_a_relay_only_button_asks_for_relay_candidates_only(make_app, button):
    app = make_app(TURN_SECRET=SECRET, TURN_URLS=URLS[0], TOKEN_MAX_AGE=30)
    with app.app_context():
        update_button(get_db(), button.id, {"relay_only": True, "max_duration": 120})
    with time_machine.travel(NOW, tick=False):
        answer = token_answer(app.test_client(), button.id)
    assert answer["iceTransportPolicy"] == "relay"
    assert answer["iceServers"][0]["username"].startswith(f"{NOW + 30 + 120}:")


def test_without_turn_a_relay_only_button_gets_no_servers_and_a_warning(make_app, button, caplog):
    app = make_app()
    with app.app_context():
        update_button(get_db(), button.id, {"relay_only": True})
    with caplog.at_level(logging.WARNING):
        answer = token_answer(app.test_client(), button.id)
    assert (answer["iceTransportPolicy"], answer["iceServers"]) == ("relay", [])
    assert f"button {button.id} is relay-only but CALLGATE_TURN_URLS is not set" in caplog.text


def test_the_secret_is_masked_in_logs_and_absent_from_the_public_config(make_app, button, caplog):
    app = make_app(TURN_SECRET=SECRET, TURN_URLS=URLS[0])
    with caplog.at_level(logging.INFO):
        logging.getLogger("callgate").warning("leaked %s here", SECRET)
    assert SECRET not in caplog.text and "[REDACTED]" in caplog.text
    config = app.test_client().get(f"/api/v1/buttons/{button.id}", headers={"Origin": ORIGIN})
    assert config.status_code == 200
    assert SECRET not in config.get_data(as_text=True)
    assert not {"relayOnly", "relay_only", "iceServers"} & set(config.get_json())
