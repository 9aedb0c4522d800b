"""The benchmark's requests get, from the real app, the answers the benchmark checks for: an
expectation that no longer matches the product would count every answer as bad or, worse, let
a refusal pass for a success. And wrk's script does count every answer that is not the one
expected."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from callgate.buttons.store import create_button
from callgate.db import get_db
from dev.bench import servers, side_by_side, workload
from dev.bench.wrk import Expect, run_wrk
from tests.data import HOOK_SECRETS


def parsed(line: str) -> tuple[str, str, dict[str, str], str]:
    """Split a request line as requests.lua does: [METHOD ]PATH, headers, body."""
    first, *headers, body = line.split("\t")
    method, _, path = first.rpartition(" ")
    return method or "POST", path, dict(h.split(": ", 1) for h in headers), body


@pytest.mark.parametrize("kind", side_by_side.KINDS)
def test_each_kind_gets_the_answer_the_bench_checks_for(make_app, database_url, kind):
    app = make_app(TRUSTED_PROXIES=1, RATE_LIMITS_GLOBAL="1000000000/minute")
    with app.app_context():
        ids = [create_button(get_db(), servers.button_fields(servers.ORIGIN)).id]
    target = workload.Target(HOOK_SECRETS[0], app.config["TOKEN_KEYS"], servers.ORIGIN, ids)
    servers.prepare(database_url, kind, 0, 3, ids)
    client, expect = app.test_client(), workload.EXPECT[kind]
    if kind == "overlimit":
        # The bench spends the address's allowance before the round (side_report.spend_allowance).
        spent = [_send(client, line) for line in workload.lines("token", 0, 30, target)]
        headers = {"Origin": servers.ORIGIN, "X-Forwarded-For": workload.SPENT}
        while (
            answer := client.post(f"/api/v1/buttons/{ids[0]}/token", headers=headers)
        ).status_code == 200:
            spent.append((answer.status_code, ""))
        assert spent[0][0] == 200
    for status, body in [_send(client, line) for line in workload.lines(kind, 0, 3, target)]:
        assert (status, expect.text in body) == (expect.status, True), body


def _send(client, line: str) -> tuple[int, str]:
    method, path, headers, body = parsed(line)
    answer = client.open(path, method=method, headers=headers, data=body)
    return answer.status_code, answer.get_data(as_text=True)


def test_a_refusal_never_passes_for_the_answer_a_success_must_carry():
    successes = [k for k, e in workload.EXPECT.items() if e.status == 200]
    refusals = [k for k, e in workload.EXPECT.items() if e.status != 200]
    assert {"connect", "call", "token"} <= set(successes)
    assert {"unsigned", "unknown", "overlimit", "origin"} <= set(refusals)


class Answers(BaseHTTPRequestHandler):
    """Answers /good with 200 and "right", anything else with 200 and "wrong"."""

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"said": "right" if self.path == "/good" else "wrong"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.sqlite_only
def test_wrk_counts_every_answer_that_is_not_the_expected_one(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lines = tmp_path / "requests.txt"
    lines.write_text("/good\t{}\n/bad\t{}\n")
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        checked = run_wrk(url, lines, 1, 1, Expect(200, '"said": "right"'))
        unchecked = run_wrk(url, lines, 1, 1)
        refused = run_wrk(url, lines, 1, 1, Expect(403))
    finally:
        server.shutdown()
        server.server_close()
    assert checked.requests > 10
    # Alternate lines: half the answers are wrong, within the one request in flight at the end.
    assert abs(checked.bad - checked.requests / 2) <= 1, checked
    assert unchecked.bad == 0
    assert abs(refused.bad - refused.requests) <= 1, refused
