"""The OpenAPI document: it describes every /api/v1/ route and nothing else, and is valid 3.1."""

from __future__ import annotations

import re

from callgate.apikeys.spec import spec

IMPLIED = {"HEAD", "OPTIONS"}


def routes(app) -> set[tuple[str, str]]:
    """Return (OpenAPI path, method) for every rule of the app under /api/v1/."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        methods = rule.methods - IMPLIED or {"OPTIONS"}
        found |= {(path, method.lower()) for method in methods}
    return found


def described() -> set[tuple[str, str]]:
    """Return (path, method) for every operation in the document."""
    return {
        (path, method)
        for path, item in spec()["paths"].items()
        for method in item
        if method != "parameters"
    }


def test_every_route_is_described_and_nothing_else(app):
    assert routes(app) - described() == set(), "routes missing from the OpenAPI document"
    assert described() - routes(app) == set(), "operations no route serves"


def test_the_document_is_served_and_valid(client):
    from schemathesis import openapi

    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.get_json()["openapi"] == "3.1.0"
    schema = openapi.from_dict(answer.get_json())
    operations = [op for op in schema.get_all_operations()]
    assert len(operations) == len(described())
    assert all(op.ok() for op in operations), [op.err() for op in operations if not op.ok()]
