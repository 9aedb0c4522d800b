"""Two app instances behind the real nginx (deploy/nginx/callgate.conf as written), one
PostgreSQL, one Redis: tokens, races, call caps, budgets, the kill switch and client addresses
hold across instances.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from callgate.hooks.verify import sign
from tests.deploy import nginx
from tests.servers import eventually, listening
from tests.system import services
from tests.wcs import FakeWcs, session_id

pytestmark = pytest.mark.postgresql_only
ORIGIN = "https://shop.multi.example"
HOOK_SECRET = "serve-test-hook-secret"


@dataclass
class Cluster:
    """Two instances, the nginx in front of them, and the database they share."""

    first: services.Instance
    second: services.Instance
    balancer: str
    database_url: str

    def button(self, **fields: object) -> str:
        """Create a button for ORIGIN in the shared database; return its id."""
        return services.create_button(self.database_url, ORIGIN, **fields)

    def token(self, button: str, via: str, forwarded: str | None = None) -> tuple[int, dict]:
        """Ask `via` (a base URL) for a token the way the widget does."""
        headers = {"Origin": ORIGIN}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        return services.post(f"{via}/api/v1/buttons/{button}/token", headers=headers)


def hook(base: str, method: str, body: dict) -> tuple[int, dict]:
    """Send a signed hook to `base` as WCS would."""
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Authorization": sign(raw, HOOK_SECRET)}
    return services.post(f"{base}/hooks/wcs/{method}", raw, headers)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, test_databases) -> Iterator[Cluster]:
    folder: Path = tmp_path_factory.mktemp("instances")
    database_url = test_databases.empty(folder)
    namespace = f"multi-{uuid.uuid4().hex}"
    settings = {
        "TRUSTED_PROXIES": "1",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "RATE_LIMITS_NAMESPACE": namespace,
        "RATE_LIMITS_IP": "1000/minute",
        "RATE_LIMITS_PREFIX": "1000/minute",
    }
    first = services.instance(folder, database_url, **settings)
    first.flask("db", "upgrade")
    second = services.instance(folder, database_url, **settings)
    for app in (first, second):
        app.start()
    http, https = services.free_port(), services.free_port()
    (folder / "nginx").mkdir()
    upstreams = [f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}"]
    hooks = [f"unix:{app.env['CALLGATE_RUN_DIR']}/hooks.sock" for app in (first, second)]
    for path in hooks:
        assert eventually(Path(path.removeprefix("unix:")).is_socket, 30)
    proxy = nginx.start(folder / "nginx", upstreams, http, https, hooks)
    assert eventually(lambda: listening(https), 20)
    yield Cluster(first, second, f"https://127.0.0.1:{https}", database_url)
    proxy.process.terminate()
    proxy.process.wait(timeout=10)
    for app in (first, second):
        app.stop()
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    for key in client.scan_iter(match=f"*{namespace}*"):
        client.delete(key)
    client.close()
    test_databases.drop(database_url)


def connect(base: str, token: str, sid: str) -> int:
    """Send `/connect` for `token` on session `sid` to `base`; return the status."""
    return hook(base, "connect", FakeWcs.connect_body(token, ORIGIN, sid))[0]


def test_a_token_from_one_instance_connects_on_the_other(cluster):
    button = cluster.button()
    status, grant = cluster.token(button, cluster.first.url)
    assert status == 200
    sid = session_id()
    assert connect(cluster.second.url, grant["token"], sid) == 200
    # Consumed: neither instance takes it again for another session.
    for app in (cluster.first, cluster.second):
        assert connect(app.url, grant["token"], session_id()) == 403


def test_hooks_through_nginx_reach_the_instances_hook_workers(cluster):
    button = cluster.button()
    for _ in range(2):  # nginx takes turns: both instances' hook workers answer
        _, grant = cluster.token(button, cluster.balancer)
        assert connect(cluster.balancer, grant["token"], session_id()) == 200


def test_one_token_raced_on_both_instances_connects_once(cluster):
    button = cluster.button()
    targets = [cluster.first.url, cluster.second.url] * 8
    for _ in range(3):
        token = cluster.token(button, cluster.balancer)[1]["token"]
        with ThreadPoolExecutor(len(targets)) as pool:
            codes = list(pool.map(lambda url, t=token: connect(url, t, session_id()), targets))
        assert sorted(codes) == [200] + [403] * (len(targets) - 1)


def open_session(cluster: Cluster, button: str) -> str:
    """Connect a new session for `button` (token through nginx); return its sessionId."""
    _, grant = cluster.token(button, cluster.balancer)
    sid = session_id()
    assert connect(cluster.first.url, grant["token"], sid) == 200
    return sid


def test_the_call_cap_holds_across_instances(cluster):
    button = cluster.button(max_concurrent=1)
    first, second = open_session(cluster, button), open_session(cluster, button)
    assert hook(cluster.first.url, "call", FakeWcs.call_body(first))[0] == 200
    status, answer = hook(cluster.second.url, "call", FakeWcs.call_body(second))
    assert (status, answer) == (403, {"status": 403, "reason": "too many calls"})


def test_the_daily_budget_holds_across_instances(cluster):
    button = cluster.button(daily_calls=3, max_concurrent=100)
    sessions = [open_session(cluster, button) for _ in range(12)]
    targets = [(cluster.first if n % 2 else cluster.second).url for n in range(len(sessions))]
    with ThreadPoolExecutor(len(sessions)) as pool:
        answers = list(
            pool.map(lambda url, sid: hook(url, "call", FakeWcs.call_body(sid)), targets, sessions)
        )
    codes = sorted(code for code, _ in answers)
    assert codes == [200] * 3 + [403] * 9
    assert {a["reason"] for code, a in answers if code == 403} == {"daily budget used"}


def test_the_kill_switch_from_one_holds_on_the_other_from_the_next_request(cluster):
    button = cluster.button()
    assert cluster.token(button, cluster.second.url)[0] == 200
    cluster.first.flask("killswitch", "on", "--button", button)
    status, answer = cluster.token(button, cluster.second.url)
    assert (status, answer["error"]) == (503, "kill_switch")
    cluster.second.flask("killswitch", "off", "--button", button)
    assert cluster.token(button, cluster.first.url)[0] == 200


def test_a_client_cannot_choose_its_address_through_nginx(cluster):
    button = cluster.button(token_limits={"ip": "3/minute"})
    spoofed = [f"198.51.100.{n}" for n in range(4)]
    codes = [cluster.token(button, cluster.balancer, forwarded=ip)[0] for ip in spoofed]
    # nginx appends the address it saw (127.0.0.1); the app takes exactly that one.
    assert codes == [200, 200, 200, 429]
    audit = json.loads(cluster.first.flask("audit", "list", "--button", button, "--json"))
    assert {event["clientIp"] for event in audit} == {"127.0.0.0"}
