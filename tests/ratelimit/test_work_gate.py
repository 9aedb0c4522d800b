"""ratelimit/work_gate.py: under pressure, a token request must carry a solved challenge, and
only solved requests count against the button's and the installation's allowances."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from prometheus_client import REGISTRY
from sqlalchemy import event, func, select

from callgate.audit.trail import list_events
from callgate.buttons.store import create_button, update_button
from callgate.calltokens import work
from callgate.db import engine_of, get_db
from callgate.db.models import AuditEvent
from tests.data import BUTTON, ORIGIN
from tests.databases import BACKEND
from tests.ratelimit.helpers import REDIS, own_namespace

START = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
#: Easy challenges (a few hundred hashes), the shipped threshold, roomy per-address limits.
EASY = {
    "POW_THRESHOLD": 50,
    "POW_DIFFICULTY": 8,
    "POW_MAX_DIFFICULTY": 12,
    "RATE_LIMITS_IP": "1000/minute",
    "RATE_LIMITS_PREFIX": "1000/minute",
}


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as clock:
        yield clock


@pytest.fixture
def gated(make_app):
    return make_app(**EASY)


def make_button(app, limits: str = "10/day") -> str:
    with app.app_context():
        made = create_button(get_db(), dict(BUTTON))
        update_button(get_db(), made.id, {"token_limits": {"button": limits}})
        return made.id


def post(client, button_id: str, n: int = 1, proof: str | None = None, origin: str = ORIGIN):
    """Ask for a token as a visitor of network 198.51.<n>.0/24, with `proof` if given."""
    body = "" if proof is None else json.dumps({"proof": proof})
    return client.post(
        f"/api/v1/buttons/{button_id}/token",
        data=body,
        headers={"Origin": origin, "Content-Type": "text/plain"},
        environ_base={"REMOTE_ADDR": f"198.51.{n % 250}.{1 + n // 250}"},
    )


def solved(response) -> str:
    body = response.get_json()
    return work.solve(body["challenge"], body["difficulty"])


def spend(client, button_id: str, times: int) -> None:
    for n in range(times):
        assert post(client, button_id, n).status_code == 200


def counted(sql, kind: str) -> int:
    """Return the count of `kind` (each of its windows counts the same here)."""
    rows = sql("SELECT key, count FROM rate_counters")
    return max((count for key, count in rows if key.split("/")[3] == kind), default=0)


def test_below_the_threshold_nothing_is_asked(gated, frozen, sql):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 4)
    assert counted(sql, "button") == 4


def test_from_the_threshold_a_challenge_is_answered_and_nothing_scarce_is_counted(
    gated, frozen, sql
):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    response = post(client, button_id, 99)
    assert response.status_code == 428
    body = response.get_json()
    assert set(body) == {
        *("error", "message", "challenge", "difficulty", "expiresIn", "proofRejected"),
    }
    assert (body["error"], body["difficulty"], body["expiresIn"]) == ("challenge_required", 8, 60)
    assert body["proofRejected"] is None and "token" not in body
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert response.headers["Cache-Control"] == "no-store"
    assert (counted(sql, "button"), counted(sql, "global")) == (5, 5)
    ips = [key for key, _ in sql("SELECT key, count FROM rate_counters") if "/ip/" in key]
    assert len(ips) == 6  # the visitor's own limits count every request


def test_a_solved_challenge_gets_the_token_and_counts(gated, frozen, sql):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    challenged = post(client, button_id, 99)
    response = post(client, button_id, 99, proof=solved(challenged))
    assert response.status_code == 200 and response.get_json()["token"]
    assert counted(sql, "button") == 6


def test_a_flood_that_does_not_solve_never_drains_the_allowance(gated, frozen, sql):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    answers = [post(client, button_id, n).status_code for n in range(200)]
    assert set(answers) == {428}
    assert counted(sql, "button") == 5
    visitor = post(client, button_id, 7)
    assert post(client, button_id, 7, proof=solved(visitor)).status_code == 200


def test_a_proof_is_used_once(gated, frozen):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    proof = solved(post(client, button_id, 99))
    assert post(client, button_id, 99, proof=proof).status_code == 200
    again = post(client, button_id, 98, proof=proof)
    assert again.status_code == 428
    assert again.get_json()["proofRejected"] == "proof_spent"
    assert "already used" in again.get_json()["message"]


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (lambda proof: proof + "1x", "proof_invalid"),
        (lambda proof: "forged" + proof, "proof_invalid"),
        (lambda proof: proof.rpartition(".")[0] + ".zz", "proof_invalid"),
    ],
)
def test_a_bad_proof_gets_a_new_challenge_saying_why(gated, frozen, spoil, code):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    response = post(client, button_id, 99, proof=spoil(solved(post(client, button_id, 99))))
    assert response.status_code == 428
    assert response.get_json()["proofRejected"] == code


def test_a_proof_is_for_its_button_and_page_only(gated, frozen):
    client = gated.test_client()
    first, second = make_button(gated), make_button(gated)
    spend(client, first, 5)
    spend(client, second, 5)
    proof = solved(post(client, first, 99))
    assert post(client, second, 99, proof=proof).get_json()["proofRejected"] == "proof_elsewhere"
    other_page = post(client, first, 99, proof=proof, origin="https://shop.example.org")
    assert other_page.get_json()["proofRejected"] == "proof_elsewhere"


def test_a_proof_expires(gated, frozen):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    proof = solved(post(client, button_id, 99))
    frozen.move_to(START + timedelta(seconds=62))
    assert post(client, button_id, 99, proof=proof).get_json()["proofRejected"] == "proof_expired"


def test_the_difficulty_rises_as_the_allowance_runs_out(gated, frozen):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    asked = []
    for n in range(4):
        challenged = post(client, button_id, 99 + n).get_json()
        asked.append(challenged["difficulty"])
        proof = work.solve(challenged["challenge"], challenged["difficulty"])
        assert post(client, button_id, 99 + n, proof=proof).status_code == 200
    assert asked == [8, 9, 10, 11]  # 5, 6, 7 and 8 of 10 used


def test_a_spent_allowance_is_refused_at_once_without_a_challenge(gated, frozen):
    client, button_id = gated.test_client(), make_button(gated, "2/day")
    spend(client, button_id, 1)
    proof = solved(post(client, button_id, 99))
    assert post(client, button_id, 99, proof=proof).status_code == 200
    response = post(client, button_id, 98)
    assert response.status_code == 429 and response.get_json()["error"] == "rate_limited"


def test_the_global_allowance_puts_every_button_under_pressure(make_app, frozen, sql):
    app = make_app(**EASY | {"RATE_LIMITS_GLOBAL": "4/minute"})
    client, first, second = app.test_client(), make_button(app), make_button(app)
    spend(client, first, 2)
    assert post(client, second, 50).status_code == 428
    assert post(client, "no-such-button", 51).status_code == 428
    assert counted(sql, "global") == 2


def test_an_unknown_button_answers_404_once_solved(make_app, frozen):
    app = make_app(**EASY | {"RATE_LIMITS_GLOBAL": "4/minute"})
    client, first = app.test_client(), make_button(app)
    spend(client, first, 2)
    challenged = post(client, "no-such-button", 51)
    response = post(client, "no-such-button", 51, proof=solved(challenged))
    assert response.status_code == 404


def test_a_challenge_writes_no_audit_row_and_is_counted_in_the_metrics(gated, frozen):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    before = REGISTRY.get_sample_value("callgate_token_challenges_total", {"proof": "none"}) or 0
    with gated.app_context():
        rows = get_db().scalar(select(func.count()).select_from(AuditEvent))
    for n in range(3):
        assert post(client, button_id, 99 + n).status_code == 428
    post(client, button_id, 99, proof="bad.1")
    with gated.app_context():
        assert get_db().scalar(select(func.count()).select_from(AuditEvent)) == rows
        assert all(event["outcome"] != "refused" for event in list_events(get_db()))
    after = REGISTRY.get_sample_value("callgate_token_challenges_total", {"proof": "none"})
    assert after == before + 3
    assert REGISTRY.get_sample_value("callgate_token_challenges_total", {"proof": "proof_invalid"})


def test_a_malformed_body_is_still_counted_then_refused(gated, frozen, sql):
    client, button_id = gated.test_client(), make_button(gated)
    response = client.post(
        f"/api/v1/buttons/{button_id}/token",
        data="[1, 2]",
        headers={"Origin": ORIGIN},
        environ_base={"REMOTE_ADDR": "198.51.100.1"},
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    assert counted(sql, "ip") == 1


@pytest.mark.parametrize("proof", ["x" * 401, "", "1.2.3"])
def test_a_proof_below_the_threshold_is_never_read(gated, frozen, proof):
    client, button_id = gated.test_client(), make_button(gated)
    assert post(client, button_id, 1, proof=proof).status_code == 200


def test_off_asks_for_nothing(make_app, frozen):
    app = make_app(**EASY | {"POW_THRESHOLD": "off"})
    client, button_id = app.test_client(), make_button(app)
    spend(client, button_id, 10)
    assert post(client, button_id, 11).status_code == 429


@pytest.fixture
def on_redis(make_app):
    """A gated app counting in Redis (sliding windows, real time), in a namespace of its own."""
    with own_namespace() as name:
        yield make_app(**EASY | {"RATELIMIT_STORAGE_URI": REDIS, "RATE_LIMITS_NAMESPACE": name})


def test_on_redis_a_flood_does_not_drain_and_a_proof_is_used_once(on_redis):
    client, button_id = on_redis.test_client(), make_button(on_redis, "4/day")
    spend(client, button_id, 2)
    assert {post(client, button_id, n).status_code for n in range(50)} == {428}
    proof = solved(post(client, button_id, 99))
    assert post(client, button_id, 99, proof=proof).status_code == 200
    assert post(client, button_id, 98, proof=proof).get_json()["proofRejected"] == "proof_spent"
    assert post(client, button_id, 97, proof=solved(post(client, button_id, 97))).status_code == 200
    assert post(client, button_id, 96).status_code == 429  # 4 of 4: spent, no challenge


def test_below_the_threshold_the_gate_adds_no_statement(gated, frozen, sql):
    """On PostgreSQL a token request still counts all its limits in one statement; on SQLite
    one statement per limit, and no reading of the counters either way."""
    client, button_id = gated.test_client(), make_button(gated)
    written: list[str] = []
    event.listen(engine_of(gated), "before_cursor_execute", lambda *a: written.append(a[2]))
    assert post(client, button_id).status_code == 200
    touched = [s for s in written if "rate_counters" in s and not s.lstrip().startswith("DELETE")]
    assert {s.split()[0] for s in touched} == {"INSERT"}
    limits = len(sql("SELECT key FROM rate_counters"))
    assert len(touched) == (1 if BACKEND == "postgresql" else limits)


def test_a_challenge_takes_back_its_scarce_hits_in_the_same_transaction(gated, frozen, sql):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    before = {key: count for key, count in sql("SELECT key, count FROM rate_counters")}
    assert post(client, button_id, 5).status_code == 428  # a network already counted once
    after = {key: count for key, count in sql("SELECT key, count FROM rate_counters")}
    grew = {key for key in after if after[key] != before.get(key)}
    assert grew and {key.split("/")[3] for key in grew} == {"ip", "prefix"}


@pytest.mark.parametrize("storage", ["callgate+db://", "memory://", REDIS])
def test_a_limit_of_none_refuses_without_a_challenge_on_every_storage(make_app, storage):
    with own_namespace() as name:
        app = make_app(**EASY | {"RATELIMIT_STORAGE_URI": storage, "RATE_LIMITS_NAMESPACE": name})
        client, button_id = app.test_client(), make_button(app, "0/day")
        assert post(client, button_id).status_code == 429
        assert post(client, button_id, proof="anything.1").status_code == 429


@pytest.mark.parametrize(
    "proof",
    [
        "\ud800",
        "\udcff.12",
        "a\r\nb.1",
        "\r\n",
        "\x00.1",
        "x\x00" * 10,
        "x" * 5000,
        "é.1",
        "1" * 64,
    ],
)
def test_hostile_proofs_under_pressure_get_a_new_challenge(gated, frozen, proof, caplog):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    response = post(client, button_id, 99, proof=proof)
    assert response.status_code == 428
    body = response.get_json()
    assert body["proofRejected"] == "proof_invalid" and proof not in body["message"]
    assert proof not in caplog.text


@pytest.mark.parametrize("value", ["5", "[]", "{}", "true", '["a.1"]'])
def test_a_proof_that_is_not_text_is_a_bad_request(gated, frozen, value):
    client, button_id = gated.test_client(), make_button(gated)
    spend(client, button_id, 5)
    response = client.post(
        f"/api/v1/buttons/{button_id}/token",
        data=f'{{"proof": {value}}}',
        headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
        environ_base={"REMOTE_ADDR": "198.51.99.1"},
    )
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
