"""URL -> endpoint -> file is one rule: a view's endpoint names the module that defines it.

A face's nested blueprint is named after its file, so `widget.tokens.token` is the view `token`
in callgate/widget/tokens.py; a face's own views (`hooks.hook`, `ops.healthz`,
`console.unknown`) are in its package, in the module that defines the face's blueprint.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def routes(app):
    return [
        (rule.rule, rule.endpoint, app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    ]


def expected_module(endpoint: str) -> str:
    """Return the module an endpoint's view must be in (its package, for a face's own view)."""
    *blueprints, _view = endpoint.split(".")
    return "callgate." + ".".join(blueprints)


def test_every_endpoint_names_the_file_of_its_view(routes):
    wrong = []
    for url, endpoint, view in routes:
        module, expected = view.__module__, expected_module(endpoint)
        nested = endpoint.count(".") == 2
        fits = module == expected if nested else module.startswith(expected)
        if not fits:
            wrong.append(f"{url} -> {endpoint} is {module}.{view.__name__}")
    assert wrong == []


def test_the_rule_is_read_as_written():
    assert expected_module("widget.tokens.token") == "callgate.widget.tokens"
    assert expected_module("console.audit.index") == "callgate.console.audit"
    assert expected_module("hooks.hook") == "callgate.hooks"
