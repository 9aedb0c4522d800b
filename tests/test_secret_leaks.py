"""The SIP password never leaves through the token endpoint, the CLI or any log line."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import ORIGIN, SIP_PASSWORD
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
