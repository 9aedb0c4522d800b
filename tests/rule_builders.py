"""Werkzeug's URL builders made once per process instead of once per app, for the suite's speed.

For every URL rule of every app, werkzeug generates and compiles two small Python functions
(`Rule._compile_builder`): about 80% of the 30-40 ms that `create_app` takes, and the suite
builds an app for nearly every test. The functions depend only on the rule's text and parts,
its defaults and whether unknown arguments are appended, and take the rule as an argument, so
one compiled function serves every app with that rule. Rules with a default for one of their
own variables (rendered through the converter) are compiled as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule

_compile: Callable[..., Any] = Rule._compile_builder
_made: dict[tuple, Callable[..., Any]] = {}


def _key(rule: Rule, append_unknown: bool) -> tuple | None:
    defaults = rule.defaults or {}
    if any(dynamic and name in defaults for dynamic, name in rule._trace):
        return None
    return (rule.rule, tuple(rule._trace), tuple(defaults), append_unknown)


def _compile_once(rule: Rule, append_unknown: bool = True) -> Callable[..., Any]:
    key = _key(rule, append_unknown)
    if key is None:
        return _compile(rule, append_unknown)
    if key not in _made:
        _made[key] = _compile(rule, append_unknown)
    return _made[key]


def install() -> None:
    """Make werkzeug reuse the builders it compiled for earlier apps' identical rules."""
    Rule._compile_builder = _compile_once  # type: ignore[method-assign]
