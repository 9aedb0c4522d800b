"""The SIP password never leaves through the token endpoint, the CLI or any log line."""

from __future__ import annotations

import json
import logging

import pytest
from flask import request
from gunicorn.config import Config

from callgate.hooks.verify import sign
from callgate.vault.redact import MASK, RedactingFilter
from tests.data import ENCRYPTION_KEY, HOOK_SECRETS, ORIGIN, SECRET_KEY, SIP_PASSWORD
from tests.wcs import session_id


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_password_in_no_log_line_on_success_and_refusal_paths(all_logs, button, wcs, get_token):
    token = get_token(button.id)["token"]
    sid = session_id()
    wcs.post("connect", wcs.connect_body(token, ORIGIN, sid))
    wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id()))
    wcs.post("connect", wcs.connect_body(token, ORIGIN, sid), secret="wrong")
    wcs.post("connect", b"{not json")
    call = wcs.call_body(sid)
    wcs.post("call", call)
    wcs.post("call", wcs.call_body(sid))
    wcs.post("transfer", call)
    wcs.post("CallStatusEvent", wcs.event_body(sid, "FINISH", call["callId"]))
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in all_logs.records)
    assert all_logs.records, "expected the hooks to log their decisions"
    assert SIP_PASSWORD not in text
    assert token not in text


def test_password_in_no_token_endpoint_answer(client, button):
    for origin in (ORIGIN, "https://evil.net", None):
        headers = {"Origin": origin} if origin else {}
        for method in (client.post, client.options, client.get):
            response = method(f"/api/v1/buttons/{button.id}/token", headers=headers)
            assert SIP_PASSWORD not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "args",
    [
        ["button", "list"],
        ["button", "list", "--json"],
        ["button", "show", "{id}"],
        ["button", "show", "{id}", "--json"],
        ["button", "disable", "{id}", "--json"],
        ["button", "update", "{id}", "--callee", "7002", "--json"],
        ["calls", "list", "--json"],
    ],
)
def test_password_in_no_cli_output(runner, button, args):
    result = runner.invoke(args=[a.replace("{id}", button.id) for a in args])
    assert result.exit_code == 0, result.output
    assert SIP_PASSWORD not in result.output


class Capture(logging.Handler):
    """Every record of every logger, formatted with traceback and stack, through the filter."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(RedactingFilter())
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    handler = Capture()
    names = ("", "callgate", "hooks", "werkzeug", "gunicorn.error", "gunicorn.access")
    loggers = [logging.getLogger(n) for n in (*names, "sqlalchemy.engine")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def crashing_app(app):
    """The app with one extra route that fails with secrets in its exception (test only)."""

    @app.post("/__crash")
    def crash():
        keys = {k: app.config[k] for k in ("SECRET_KEY", "WCS_HOOK_SECRETS", "ENCRYPTION_KEYS")}
        raise RuntimeError(f"crash: headers={dict(request.headers)} config={keys}")

    return app


def access_lines(token: str, signature: str) -> None:
    """Log access lines the way Werkzeug's dev server and gunicorn do, token in the URL."""
    request_line = f"GET /api/v1/buttons/b?token={token} HTTP/1.1"
    logging.getLogger("werkzeug").info(
        '127.0.0.1 - - [26/Nov/2026 10:00:00] "%s" 200 -', request_line
    )
    atoms = {"h": "127.0.0.1", "l": "-", "u": "-", "t": "[26/Nov/2026:10:00:00 +0000]"}
    atoms |= {
        "r": request_line,
        "s": "200",
        "b": "12",
        "f": "-",
        "a": f"Authorization: {signature}",
    }
    logging.getLogger("gunicorn.access").info(Config().access_log_format, atoms)
    try:
        raise ConnectionError(f"lost {request_line}")
    except ConnectionError:
        logging.getLogger("gunicorn.error").exception("Error handling request %s", request_line)


def test_no_secret_in_any_log_record(captured, crashing_app, button, wcs, get_token):
    token = get_token(button.id)["token"]
    sid = session_id()
    raw = json.dumps(wcs.connect_body(token, ORIGIN, sid)).encode()
    signature = sign(raw, HOOK_SECRETS[0])
    answer = wcs.post("connect", raw).get_json()
    logging.getLogger("hooks").debug("connect answer %s", json.dumps(answer))
    logging.getLogger("hooks").debug("connect answer %r", answer)
    logging.getLogger("hooks").warning("account %s / %s", answer["sipLogin"], answer["sipPassword"])
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    refusals = [
        wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id())),
        wcs.post("connect", raw, secret="wrong"),
        wcs.post("connect", raw, authorization="WCS " + "0" * 32, signed=False),
        wcs.post("connect", wcs.connect_body(token[:-3] + "abc", ORIGIN, session_id())),
        wcs.post("transfer", call),
        wcs.post("sendDtmf", call),
        wcs.post("x" * 300, call),
        wcs.post("connect", b"{not json"),
    ]
    assert {r.status_code for r in refusals} <= {400, 403}
    crashed = wcs.client.post(
        "/__crash", data=raw, headers={"Authorization": signature, "X-Token": token}
    )
    assert crashed.status_code == 500
    access_lines(token, signature)

    text = "\n".join(captured.lines)
    assert "hook connect ok" in text and "refused" in text and "RuntimeError: crash" in text
    assert text.count(MASK) >= 10
    assert f"token={MASK}" in text and f"Authorization: {MASK}" in text
    secrets = [SIP_PASSWORD, token, signature.split()[1], SECRET_KEY, *HOOK_SECRETS]
    for secret in [*secrets, ENCRYPTION_KEY]:
        assert secret not in text
