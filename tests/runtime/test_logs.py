"""Logs: JSON lines through the redaction, and a request id on every request and its lines."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from callgate.runtime.logs import HEADER, RedactingJsonFormatter
from callgate.vault.redact import KNOWN, MASK, scrub
from tests.data import SECRET_KEY


def render(record: logging.LogRecord) -> dict:
    return json.loads(RedactingJsonFormatter().format(scrub(record)))


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("callgate", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_json_line_has_the_fields_in_order():
    line = render(record("hook %s ok", "connect"))
    assert list(line)[:4] == ["time", "level", "logger", "message"]
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "callgate",
        "hook connect ok",
    )
    assert line["time"].endswith("+00:00")
    assert line["request_id"] is None
    assert "callgate_redacted" not in line


def test_every_field_goes_through_the_redaction(app):
    app.test_client()  # the app remembers its secrets for the redaction
    line = render(
        record(
            "secret %s",
            SECRET_KEY,
            path="/x?token=abc123",
            nested={"auth": f"key {SECRET_KEY}"},
            items=[SECRET_KEY],
        )
    )
    text = json.dumps(line)
    assert SECRET_KEY not in text and "abc123" not in text
    assert line["message"] == f"secret {MASK}"
    assert line["nested"]["auth"] == f"key {MASK}"


def test_an_exception_is_logged_redacted():
    try:
        raise ValueError(f"boom {SECRET_KEY}")
    except ValueError:
        made = logging.LogRecord(
            "callgate", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    KNOWN.remember(SECRET_KEY)
    line = render(made)
    assert "ValueError" in line["exc_info"] and SECRET_KEY not in line["exc_info"]


def test_every_answer_carries_a_fresh_request_id(client):
    first = client.get("/healthz").headers[HEADER]
    second = client.get("/no-such-page").headers[HEADER]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second and len(second) == 32


def test_lines_logged_in_a_request_carry_its_id(app):
    seen: list[dict] = []

    @app.get("/__log")
    def log_something() -> str:
        seen.append(render(record("inside")))
        return "ok"

    response = app.test_client().get("/__log")
    assert seen[0]["request_id"] == response.headers[HEADER]


def test_a_proxy_s_request_id_is_taken_when_proxies_are_trusted(make_app):
    client = make_app(TRUSTED_PROXIES=1).test_client()
    answer = client.get("/healthz", headers={HEADER: "f3a9c0de-11aa-4b5c-9d8e-0123456789ab"})
    assert answer.headers[HEADER] == "f3a9c0de-11aa-4b5c-9d8e-0123456789ab"


def test_a_client_s_request_id_is_ignored_without_trusted_proxies(client):
    answer = client.get("/healthz", headers={HEADER: "chosen-by-the-client"})
    assert answer.headers[HEADER] != "chosen-by-the-client"


@pytest.mark.parametrize(
    "offered",
    [
        "",
        "a" * 65,
        "-starts-with-dash",
        "has space",
        "tab\there",
        "semi;colon",
        'quote"',
        "é-unicode",
        "a/b",
    ],
)
def test_an_insane_request_id_is_replaced(make_app, offered):
    client = make_app(TRUSTED_PROXIES=1).test_client()
    answer = client.get("/healthz", headers={HEADER: offered})
    assert answer.headers[HEADER] != offered and len(answer.headers[HEADER]) == 32
