"""serve_pools.py: the hook pool answers only the hooks and the probes."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from callgate.runtime.serve_pools import hooks_only


@pytest.fixture
def hook_port(app):
    return Client(hooks_only(app))


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_probes_pass(hook_port, path):
    assert hook_port.get(path).status_code == 200


def test_a_hook_passes(hook_port):
    answer = hook_port.post("/hooks/wcs/connect", data=b"{}")
    assert answer.status_code == 403 and answer.get_json()["reason"]  # reached the hook's check


@pytest.mark.parametrize(
    "path",
    ["/console/login", "/api/v1/buttons/x/token", "/widget.js", "/metrics", "/", "/hooks/other"],
)
def test_everything_else_is_not_here(hook_port, path):
    answer = hook_port.post(path) if path.startswith("/api") else hook_port.get(path)
    assert answer.status_code == 404
    assert answer.get_json() == {
        "error": "not_found",
        "message": "this port serves only the WCS hooks",
    }
