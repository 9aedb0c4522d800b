"""A whole call through the dev gateway: real hooks, real WebRTC media, the call log."""

from __future__ import annotations

import io
import json
import logging
import threading

from sqlalchemy import inspect, text
from werkzeug.serving import make_server

from callgate.calls.history import list_calls
from callgate.db import get_db
from tests import databases
from tests.data import BUTTON, ORIGIN, SIP_PASSWORD
from tests.dev.gateway.helpers import control, run, running_gateway, wait_for
from tests.dev.gateway.sdk import Browser, Caller, call_fields, connection_fields

CALL_ID = "c0ffee00-aaaa-bbbb-cccc-dddddddddddd"
SIP_FIELDS = ("sipPassword", "sipLogin", "sipAuthenticationName")
INVITE = f"INVITE sip:{BUTTON['callee']}@{BUTTON['sip_domain']} as {BUTTON['sip_login']}"
STATUS_FRAMES = ("notifyTryingResponse", "ring", "talk", "hold", "finish")


async def call_stats(base: str) -> dict:
    """Return the gateway's stats entry for CALL_ID."""
    stats = await control(base, "stats")
    return next(call for call in stats["calls"] if call["callId"] == CALL_ID)


def logged_calls(app) -> list[dict]:
    """Return the app's call log."""
    with app.app_context():
        return list_calls(get_db())


async def connect_and_talk(base: str, token: str, caller: Caller) -> Browser:
    """Connect, place a call and wait until it is ESTABLISHED with the answer applied."""
    browser = await Browser.open(base + "/", ORIGIN)
    await browser.send("connection", connection_fields(token))
    await browser.expect("getUserData")
    await browser.send("call", call_fields(CALL_ID, await caller.offer()))
    answer = await browser.expect("setRemoteSDP")
    assert answer["data"][0] == CALL_ID and answer["data"][2] is False
    await caller.accept(answer["data"][1])
    await browser.expect("talk")
    return browser


async def hang_up(app, browser: Browser, caller: Caller) -> None:
    """Hang up, wait for FINISH in the frames and in the call log, then close everything."""
    await browser.send("hangup", {"callId": CALL_ID})
    finish = await browser.expect("finish")
    assert finish["data"][0]["status"] == "FINISH"
    await wait_for(lambda: logged_calls(app)[0]["finalStatus"] == "FINISH")
    await browser.close()
    await caller.close()


async def talk(app, hook_url: str, token: str) -> tuple[list[dict], dict]:
    caller = Caller()
    async with running_gateway(hook_url) as base:
        browser = await connect_and_talk(base, token, caller)
        await wait_for(lambda: caller.received > 5)
        talking = await call_stats(base)
        await hang_up(app, browser, caller)
    return browser.frames, talking


def assert_browser_saw_no_secrets(frames: list[dict]) -> None:
    """The browser got no SIP credentials and never the real callee, in the right order."""
    user_data = next(f["data"][0] for f in frames if f["message"] == "getUserData")
    assert not set(SIP_FIELDS) & set(user_data)
    assert user_data["sessionId"].startswith("/127.0.0.1:") and user_data["authToken"]
    statuses = [f["data"][0] for f in frames if f["message"] in STATUS_FRAMES]
    assert [s["status"] for s in statuses] == ["TRYING", "RING", "ESTABLISHED", "FINISH"]
    for status in statuses:
        assert "callee" not in status and BUTTON["callee"] not in json.dumps(status)
    assert SIP_PASSWORD not in json.dumps(frames)


def test_call_through_gateway(app, button, get_token, hook_url, caplog) -> None:
    caplog.set_level(logging.INFO)
    token = get_token(button.id)["token"]
    frames, talking = run(talk(app, hook_url, token))

    assert_browser_saw_no_secrets(frames)
    assert talking["invite"] == INVITE and talking["callee"] == BUTTON["callee"]
    assert talking["framesReceived"] > 0 and talking["rms"] > 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [line for line in warnings if line.startswith("INVITE")] == [INVITE]
    assert SIP_PASSWORD not in caplog.text and token not in caplog.text

    (logged,) = logged_calls(app)
    assert logged["callId"] == CALL_ID and logged["finalStatus"] == "FINISH"
    events = [(s["event"], s["status"]) for s in logged["statuses"]]
    calls = [status for event, status in events if event == "CallStatusEvent"]
    assert calls == ["TRYING", "RING", "ESTABLISHED", "FINISH"]
    assert [event for event, _ in events].count("hangup") == 1


class Wire:
    """WSGI middleware that keeps each request's path, body and answer: the hook link's bytes."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.exchanges: list[tuple[str, bytes, bytes]] = []

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        answer = b"".join(self.wsgi_app(environ, start_response))
        self.exchanges.append((environ["PATH_INFO"], body, answer))
        return [answer]


def every_stored_value(database_url: str) -> str:
    """Return every row of every table of the test database, as text."""
    engine = databases.raw_engine(database_url)
    with engine.connect() as connection:
        rows = [
            repr(row)
            for table in inspect(engine).get_table_names()
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
        ]
    engine.dispose()
    return "\n".join(rows)


def test_the_sip_password_crosses_the_hook_link_once(
    app, button, get_token, database_url, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    wire = app.wsgi_app = Wire(app.wsgi_app)
    token = get_token(button.id)["token"]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        run(talk(app, f"http://127.0.0.1:{server.server_port}/hooks/wcs", token))
    finally:
        server.shutdown()
        server.server_close()
    hooks = [
        (path.removeprefix("/hooks/wcs/"), sent, answer)
        for path, sent, answer in wire.exchanges
        if path.startswith("/hooks/wcs/")
    ]
    assert {"ConnectionStatusEvent", "CallStatusEvent", "hangup"} <= {m for m, _, _ in hooks}
    secret = SIP_PASSWORD.encode()
    assert [method for method, _, answer in hooks if secret in answer] == ["connect"]
    assert [method for method, sent, _ in hooks if secret in sent] == []
    for method, sent, _ in hooks:
        if method != "connect":
            assert not {*SIP_FIELDS, "callee"} & set(json.loads(sent)), method
    assert SIP_PASSWORD not in caplog.text
    assert SIP_PASSWORD not in every_stored_value(database_url)
    assert secret not in databases.disk_bytes(database_url)
