"""The console's API reference: every operation of the OpenAPI document, rendered here."""

from __future__ import annotations

from callgate.apikeys.spec import spec
from tests.console.helpers import log_in


def test_the_reference_lists_every_operation_and_loads_nothing_from_elsewhere(client, make_user):
    make_user("ed@example.com", "editor")
    log_in(client, "ed@example.com")
    answer = client.get("/console/api-docs")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    for path, item in spec()["paths"].items():
        for method in set(item) - {"parameters"}:
            assert f"<code>{method.upper()} {path}</code>" in html
    assert "ButtonFields" in html and "/api/v1/openapi.json" in html
    assert "https://" not in html.replace("https://calls.example.net", "")
    assert "API reference" in client.get("/console/api-keys").get_data(as_text=True)


def test_the_reference_needs_a_login(client):
    assert client.get("/console/api-docs").status_code in (302, 303)
