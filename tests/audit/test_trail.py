"""The audit trail records each token, connect and call decision with its reason."""

from __future__ import annotations

import json

import time_machine

from tests.data import ORIGIN, SIP_PASSWORD
from tests.wcs import session_id


def audit(runner, *args: str) -> list[dict]:
    result = runner.invoke(args=["audit", "list", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_decisions_are_recorded_with_reasons(client, runner, button, wcs, get_token):
    token = get_token(button.id)["token"]
    client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.net"})
    sid = session_id("198.51.100.23")
    wcs.post("connect", wcs.connect_body(token, ORIGIN, sid))
    wcs.post("connect", wcs.connect_body(token, ORIGIN, session_id()))
    call = wcs.call_body(sid)
    wcs.post("call", call)
    wcs.post("call", wcs.call_body(sid))
    wcs.post("transfer", call)
    events = [(e["action"], e["outcome"], e["reason"]) for e in reversed(audit(runner))]
    assert events == [
        ("token", "allowed", f"origin {ORIGIN}"),
        ("token", "refused", "this site is not allowed to use this button"),
        ("connect", "allowed", None),
        ("connect", "refused", "token already used"),
        ("call", "allowed", None),
        ("call", "refused", "one call per session"),
        ("hook:transfer", "refused", "method transfer not allowed"),
    ]
    refused_origins = [e["origin"] for e in audit(runner) if e["action"] == "token"]
    assert refused_origins == ["https://evil.net", None]  # a single refusal's row names it
    entries = audit(runner, "--button", button.id)
    assert len(entries) == 7 and all(e["buttonId"] == button.id for e in entries)
    assert {e["clientIp"] for e in entries if e["action"] == "call"} == {"198.51.100.0"}
    assert SIP_PASSWORD not in json.dumps(entries) and token not in json.dumps(entries)


def test_since_filters_and_text_output(client, runner, button):
    with time_machine.travel("2026-11-20 10:00:00Z", tick=False):
        client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    with time_machine.travel("2026-11-25 10:00:00Z", tick=False):
        client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.net"})
    recent = audit(runner, "--since", "2026-11-24")
    assert [(e["action"], e["outcome"]) for e in recent] == [("token", "refused")]
    text = runner.invoke(args=["audit", "list"]).output
    assert "ACTION" in text and "refused" in text


def test_unknown_button_refusal_is_recorded(client, runner):
    client.post("/api/v1/buttons/nope/token", headers={"Origin": ORIGIN})
    [event] = audit(runner)
    assert (event["action"], event["outcome"], event["buttonId"]) == ("token", "refused", "nope")
