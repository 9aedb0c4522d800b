"""widget/limits.py: per IP, per /24 or /64, per button and global limits on the token endpoint.

Every request here sends the allowed Origin, as a script forging it would (checklist row 34).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import event

from callgate.audit.trail import list_events
from callgate.buttons.store import create_button, update_button
from callgate.db import engine_of, get_db
from tests.data import BUTTON, ORIGIN
from tests.databases import BACKEND

START = datetime(2026, 11, 26, 10, 0, 0, tzinfo=UTC)


def post(client, button_id: str, ip: str = "203.0.113.7", origin: str | None = ORIGIN):
    """POST for a token as the client at `ip`."""
    headers = {"Origin": origin} if origin is not None else {}
    return client.post(
        f"/api/v1/buttons/{button_id}/token", headers=headers, environ_base={"REMOTE_ADDR": ip}
    )


def assert_limited(response, kind: str, retry_after: int | None = None) -> None:
    assert response.status_code == 429
    body = response.get_json()
    assert set(body) == {"error", "message"} and body["error"] == "rate_limited"
    assert f"({kind} limit)" in body["message"]
    assert "token" not in body
    assert response.headers["Cache-Control"] == "no-store"
    if retry_after is not None:
        assert response.headers["Retry-After"] == str(retry_after)


def refusals(app) -> list[str]:
    with app.app_context():
        events = reversed(list_events(get_db()))
        # Refusals over a limit are counted per requester and minute (audit/trail.py).
        return [e["reason"] for e in events if e["outcome"] == "refused" for _ in range(e["count"])]


def by_kind(sql) -> dict[str, int]:
    """Return the count of each kind's counter (one window per kind in these tests)."""
    rows = sql("SELECT key, count FROM rate_counters")
    return {key.split("/")[3]: count for key, count in rows}


@pytest.fixture(autouse=True)
def limits_alone(monkeypatch):
    """The limits here are tested alone; with the proof-of-work gate: test_work_gate.py."""
    monkeypatch.setenv("CALLGATE_POW_THRESHOLD", "off")


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as clock:
        yield clock


def test_per_ip_minute_limit_then_the_window_resets(app, client, button, frozen):
    assert [post(client, button.id).status_code for _ in range(3)] == [200] * 3
    limited = post(client, button.id)
    assert_limited(limited, "ip", retry_after=60)
    assert limited.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert post(client, button.id, ip="198.51.100.7").status_code == 200
    frozen.shift(45)
    assert_limited(post(client, button.id), "ip", retry_after=15)
    frozen.shift(15)
    assert post(client, button.id).status_code == 200
    assert refusals(app) == ["rate limit ip", "rate limit ip"]


def test_per_ip_hour_limit_reports_the_rest_of_the_hour(client, button, frozen):
    for _minute in range(3):
        assert [post(client, button.id).status_code for _ in range(3)] == [200] * 3
        frozen.shift(60)
    assert post(client, button.id).status_code == 200
    assert_limited(post(client, button.id), "ip", retry_after=3600 - 180)


def test_per_ip_day_limit_after_two_full_hours(client, button, frozen):
    for _hour in range(2):
        for per_minute in (3, 3, 3, 1):
            assert [post(client, button.id).status_code for _ in range(per_minute)] == [
                200
            ] * per_minute
            frozen.shift(60)
        frozen.shift(3600 - 240)
    assert_limited(post(client, button.id), "ip", retry_after=86400 - 7200)


def test_per_prefix_limit_catches_many_addresses_in_one_24(app, client, button, frozen):
    for host in range(5):
        ip = f"203.0.113.{host + 10}"
        assert [post(client, button.id, ip).status_code for _ in range(3)] == [200] * 3
    assert_limited(post(client, button.id, "203.0.113.200"), "prefix", retry_after=60)
    assert post(client, button.id, "203.0.114.200").status_code == 200
    assert refusals(app) == ["rate limit prefix"]


def test_ipv6_rotation_within_one_64_is_caught(client, button, frozen):
    net = "2001:db8:7:42"
    hosts = [f"{net}:{i:x}:{i * 7919 % 65536:x}:{i * 104729 % 65536:x}:1" for i in range(15)]
    assert len(set(hosts)) == 15
    assert [post(client, button.id, ip).status_code for ip in hosts] == [200] * 15
    assert_limited(post(client, button.id, f"{net}:ffff:ffff:ffff:ffff"), "prefix")
    assert post(client, button.id, "2001:db8:7:43::1").status_code == 200


def test_ipv4_mapped_address_counts_as_its_ipv4(client, button, frozen):
    for ip in ("198.51.100.9", "::ffff:198.51.100.9", "198.51.100.9"):
        assert post(client, button.id, ip).status_code == 200
    assert_limited(post(client, button.id, "::ffff:198.51.100.9"), "ip")


def test_per_button_limit_from_the_buttons_override(app, client, button, frozen):
    with app.app_context():
        update_button(get_db(), button.id, {"token_limits": {"button": "4/day"}})
        other = create_button(get_db(), dict(BUTTON))
    for i in range(4):
        assert post(client, button.id, f"198.51.{i}.1").status_code == 200
    limited = post(client, button.id, "198.51.99.1")
    assert_limited(limited, "button", retry_after=86400)
    assert post(client, other.id, "198.51.99.1").status_code == 200
    assert refusals(app) == ["rate limit button"]


def test_per_button_limit_from_config(make_app, frozen):
    app = make_app(RATE_LIMITS_BUTTON="2/hour")
    client = app.test_client()
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
    assert post(client, button.id, "198.51.1.1").status_code == 200
    assert post(client, button.id, "198.51.2.1").status_code == 200
    assert_limited(post(client, button.id, "198.51.3.1"), "button", retry_after=3600)


def test_a_buttons_ip_override_raises_its_allowance(app, client, button, frozen):
    with app.app_context():
        update_button(get_db(), button.id, {"token_limits": {"ip": "5/minute"}})
    assert [post(client, button.id).status_code for _ in range(5)] == [200] * 5
    assert_limited(post(client, button.id), "ip")


def test_global_ceiling_across_buttons_and_networks(make_app, frozen):
    app = make_app(RATE_LIMITS_GLOBAL="5/minute")
    client = app.test_client()
    with app.app_context():
        buttons = [create_button(get_db(), dict(BUTTON)) for _ in range(2)]
    granted = [post(client, buttons[i % 2].id, f"198.51.{i}.1").status_code for i in range(5)]
    assert granted == [200] * 5
    assert_limited(post(client, buttons[0].id, "192.0.2.1"), "global", retry_after=60)
    assert refusals(app) == ["rate limit global"]


def test_a_kind_can_be_switched_off(make_app, frozen):
    app = make_app(RATE_LIMITS_IP="")
    client = app.test_client()
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
    assert [post(client, button.id).status_code for _ in range(15)] == [200] * 15
    assert_limited(post(client, button.id), "prefix")


@pytest.mark.parametrize("origin", ["https://evil.net", None, "null"])
def test_refused_origins_are_counted_and_never_get_cors(client, button, frozen, origin):
    assert [post(client, button.id, origin=origin).status_code for _ in range(3)] == [403] * 3
    limited = post(client, button.id, origin=origin)
    assert_limited(limited, "ip")
    assert "Access-Control-Allow-Origin" not in limited.headers
    assert_limited(post(client, button.id), "ip")


def test_unknown_buttons_count_per_ip_but_get_no_counter_of_their_own(client, button, frozen, sql):
    assert [post(client, f"made-up-{i}").status_code for i in range(3)] == [404] * 3
    limited = post(client, "made-up-4")
    assert_limited(limited, "ip")
    assert "Access-Control-Allow-Origin" not in limited.headers
    keys = [key for (key,) in sql("SELECT key FROM rate_counters")]
    assert keys and not any("made-up" in key for key in keys)


def test_preflights_are_not_counted(client, button, frozen):
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    for _ in range(10):
        answer = client.options(f"/api/v1/buttons/{button.id}/token", headers=headers)
        assert answer.status_code == 204
    assert [post(client, button.id, "127.0.0.1").status_code for _ in range(3)] == [200] * 3


@pytest.mark.parametrize("remote", ["", "not-an-address", "unix:/run/callgate.sock"])
def test_unparseable_client_address_is_still_limited(client, button, frozen, remote):
    assert [post(client, button.id, remote).status_code for _ in range(3)] == [200] * 3
    assert_limited(post(client, button.id, remote), "ip")


def test_two_workers_on_one_database_share_the_limits(make_app, button, frozen):
    first, second = make_app().test_client(), make_app().test_client()
    answers = [post(c, button.id).status_code for c in (first, second, first)]
    assert answers == [200] * 3
    assert_limited(post(second, button.id), "ip", retry_after=60)
    assert_limited(post(first, button.id), "ip", retry_after=60)


def test_memory_storage_uri_is_honoured_and_is_per_process(make_app, button, frozen):
    first = make_app(RATELIMIT_STORAGE_URI="memory://").test_client()
    second = make_app(RATELIMIT_STORAGE_URI="memory://").test_client()
    assert [post(first, button.id).status_code for _ in range(3)] == [200] * 3
    assert post(second, button.id).status_code == 200
    assert_limited(post(first, button.id), "ip")


def test_storage_outage_fails_closed_with_503(app, client, button, sql):
    assert post(client, button.id).status_code == 200
    sql("DROP TABLE rate_counters")
    response = post(client, button.id)
    assert response.status_code == 503
    assert response.get_json() == {"error": "unavailable", "message": "service unavailable"}
    assert "token" not in response.text
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    evil = post(client, button.id, origin="https://evil.net")
    assert evil.status_code == 503 and "Access-Control-Allow-Origin" not in evil.headers
    assert refusals(app) == ["rate limit storage unavailable"] * 2


def test_database_outage_fails_closed_with_503(make_app, button, tmp_path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/no-such-dir/callgate.sqlite3")
    response = post(app.test_client(), button.id)
    assert response.status_code == 503
    assert response.get_json()["error"] == "unavailable"


@pytest.mark.parametrize(
    ("limits", "kind", "counts"),
    [
        # One transaction holds a request's counters: a refusal must commit it, not roll it back.
        (
            {"RATE_LIMITS_IP": "5/minute", "RATE_LIMITS_GLOBAL": "1/minute"},
            "global",
            {"ip": 2, "prefix": 2, "button": 2, "global": 2},
        ),
        # The count stops at the limit that refused: the kinds after it are not counted.
        (
            {"RATE_LIMITS_IP": "1/minute", "RATE_LIMITS_GLOBAL": "100/minute"},
            "ip",
            {"ip": 2, "prefix": 1, "button": 1, "global": 1},
        ),
    ],
    ids=["later-kind", "earlier-kind"],
)
def test_a_refused_request_counts_up_to_the_limit_that_refused_it(
    make_app, sql, frozen, limits, kind, counts
):
    app = make_app(**limits)
    client = app.test_client()
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
    assert post(client, button.id).status_code == 200
    assert_limited(post(client, button.id), kind)
    assert by_kind(sql) == counts
    assert post(client, button.id, ip="198.51.100.9").status_code == (
        429 if kind == "global" else 200
    )


def test_a_storage_failure_mid_request_counts_nothing(make_app, sql, frozen):
    app = make_app(RATE_LIMITS_IP="5/minute")
    client = app.test_client()
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON))
    if BACKEND == "sqlite":
        sql(
            "CREATE TRIGGER no_global BEFORE INSERT ON rate_counters WHEN NEW.key LIKE "
            "'%/global/%' BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    else:
        sql(
            "CREATE FUNCTION no_global() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'no'; END $$"
        )
        sql(
            "CREATE TRIGGER no_global BEFORE INSERT ON rate_counters FOR EACH ROW WHEN "
            "(NEW.key LIKE '%/global/%') EXECUTE FUNCTION no_global()"
        )
    response = post(client, button.id)
    assert response.status_code == 503 and "token" not in response.get_json()
    assert sql("SELECT key, count FROM rate_counters") == []


def test_a_token_request_counts_all_its_limits_in_one_statement_on_postgresql(
    app, client, button, frozen, sql
):
    written = []
    event.listen(engine_of(app), "before_cursor_execute", lambda *a: written.append(a[2]))
    assert post(client, button.id).status_code == 200
    counted = [s for s in written if "rate_counters" in s and not s.lstrip().startswith("DELETE")]
    assert {s.split()[0] for s in counted} == {"INSERT"}
    limits = len(sql("SELECT key FROM rate_counters"))
    assert limits >= 8  # every kind has two or three windows
    assert len(counted) == (1 if BACKEND == "postgresql" else limits)
