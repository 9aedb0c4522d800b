"""The suite's shared URL builders build every URL of the app exactly as werkzeug's own."""

from __future__ import annotations

from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from tests import rule_builders


def both(rule: Rule, append_unknown: bool, values: dict) -> tuple:
    """Return what the shared builder and a freshly compiled one make of `values`."""
    own = rule_builders._compile(rule, append_unknown)
    shared = rule_builders._compile_once(rule, append_unknown)
    return shared(rule, **values), own(rule, **values)


def test_every_rule_builds_the_same_urls_as_werkzeug_compiles_them(make_app):
    make_app()  # a first app fills the shared builders
    rules = list(make_app().url_map.iter_rules())
    assert len(rules) > 50
    for rule in rules:
        values = {name: f"v-{n} é/?" for n, name in enumerate(sorted(rule.arguments))}
        numbers = [n for n, c in rule._converters.items() if isinstance(c, NumberConverter)]
        values |= {name: 7 for name in numbers}
        for append_unknown in (False, True):
            extra = {"page": "2", "q": "a b"} if append_unknown else {}
            shared, own = both(rule, append_unknown, values | extra)
            assert shared == own, rule.rule


def test_rules_that_differ_get_builders_of_their_own(make_app):
    app = make_app()
    token = next(r for r in app.url_map.iter_rules() if r.rule.endswith("/token"))
    healthz = next(r for r in app.url_map.iter_rules() if r.rule == "/healthz")
    assert rule_builders._compile_once(token, False) is not rule_builders._compile_once(
        healthz, False
    )
    assert rule_builders._compile_once(token, False) is rule_builders._compile_once(token, False)
