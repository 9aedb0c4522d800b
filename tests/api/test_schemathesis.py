"""Schemathesis against the app served over HTTP with a key: no 5xx, answers as described."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.serving import make_server

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def live(make_app):
    """Serve an app (roomy limits) on a free loopback port; yield its base URL."""
    app = make_app(API_RATE_LIMITS="100000/minute")
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def key(live, button):
    """A key holding every scope in the workspace that has a button."""
    from callgate.apikeys import keys
    from callgate.db import get_db

    with live[0].app_context():
        return keys.create_key(get_db(), 1, "fuzz", list(keys.SCOPES), keys.Creator("cli"))[1]


def test_the_api_conforms_and_never_fails(live, key):
    schema = openapi.from_url(f"{live[1]}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    headers = {"Authorization": f"Bearer {key}"}

    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
