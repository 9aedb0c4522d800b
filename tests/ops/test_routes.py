"""/healthz and /metrics through the app: what they say, and to whom /metrics exists."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.data import ORIGIN

TOKEN = "metrics-bearer-token-0123456789"


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """Return every sample of an exposition as {(name, sorted labels): value}."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def scrape(client) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.data
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return samples(answer.get_data(as_text=True))


@pytest.fixture
def metered(make_app):
    return make_app(METRICS_TOKEN=TOKEN).test_client()


def test_healthz_says_ok_and_nothing_more(client):
    answer = client.get("/healthz")
    assert (answer.status_code, answer.get_json()) == (200, {"status": "ok"})
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Server" not in answer.headers or "Callgate" not in answer.headers["Server"]


@pytest.mark.parametrize(
    "config", [{}, {"METRICS_TOKEN": TOKEN}, {"METRICS_CIDRS": ["10.0.0.0/8"]}]
)
@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer wrong"],
)
def test_metrics_do_not_exist_for_others(make_app, config, authorization):
    client = make_app(**config).test_client()
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 404
    assert answer.get_json() == client.get("/no-such-page").get_json()


def test_metrics_for_the_bearer_of_the_token(metered):
    assert scrape(metered)[("callgate_tokens_issued_total", ())] >= 0


@pytest.mark.parametrize("cidrs", [["127.0.0.0/8"], ["10.0.0.0/8", "127.0.0.1"]])
def test_metrics_for_an_allowed_network(make_app, cidrs):
    client = make_app(METRICS_CIDRS=cidrs).test_client()
    assert client.get("/metrics").status_code == 200


def test_tokens_issued_and_refused_by_reason(metered, button):
    before = scrape(metered)
    metered.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    metered.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": "https://evil.test"})
    metered.post("/api/v1/buttons/no-such-button/token", headers={"Origin": ORIGIN})
    for _ in range(2):  # the default per-address limit is 3 a minute, refusals counted too
        metered.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    after = scrape(metered)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert delta("callgate_tokens_issued_total") == 1
    assert delta("callgate_tokens_refused_total", reason="origin_not_allowed") == 1
    assert delta("callgate_tokens_refused_total", reason="not_found") == 1
    assert delta("callgate_tokens_refused_total", reason="rate_limited_ip") == 2


def test_hooks_by_method_and_status_with_latency(metered, app):
    before = scrape(metered)
    metered.post("/hooks/wcs/connect", data=b"{}")
    metered.post("/hooks/wcs/" + "x" * 300, data=b"{}")
    after = scrape(metered)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert delta("callgate_hooks_total", method="connect", status="403") == 1
    assert delta("callgate_hooks_total", method="other", status="403") == 1
    assert delta("callgate_hook_duration_seconds_count", method="connect") == 1
    assert not [key for key in after if "x" * 300 in str(key)]


def test_active_calls_are_read_from_the_call_slots(make_app, button, start_call):
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    assert scrape(client)[("callgate_active_calls", ())] == 0
    answer, _ = start_call(button.id)
    assert answer.status_code == 200
    assert scrape(client)[("callgate_active_calls", ())] == 1


def test_a_counter_storage_failure_is_counted(make_app, button):
    client = make_app(METRICS_TOKEN=TOKEN, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    client = client.test_client()
    before = scrape(client)
    answer = client.post(f"/api/v1/buttons/{button.id}/token", headers={"Origin": ORIGIN})
    assert answer.status_code == 503
    after = scrape(client)
    key = ("callgate_limit_storage_errors_total", ())
    assert after[key] == before[key] + 1
    refused = ("callgate_tokens_refused_total", (("reason", "unavailable"),))
    assert after[refused] == before.get(refused, 0) + 1
