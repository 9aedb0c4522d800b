"""Hypothesis strategies for the widget API's bodies, and the check every answer must pass.

Bodies of many shapes: any JSON (lone surrogates, deep lists, huge numbers included), objects
shaped like the endpoint's own with any values in their fields, and raw bytes. Each request
comes from an address of its own, so per-address limits leave the endpoint's checks in reach.
"""

from __future__ import annotations

import itertools
import json

from hypothesis import strategies as st
from werkzeug.test import TestResponse

#: Text with every code point, lone surrogates too (JSON escapes them as \\udXXX).
TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
_addresses = itertools.count(1)


def shaped(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy[dict]:
    """Return objects holding any of `fields` (each its own strategy or any JSON) and others."""
    optional = {name: strategy | JSON for name, strategy in fields.items()}
    known = st.fixed_dictionaries({}, optional=optional)
    return st.tuples(known, st.dictionaries(TEXT, JSON, max_size=2)).map(
        lambda parts: parts[1] | parts[0]
    )


def encoded(bodies: st.SearchStrategy[object]) -> st.SearchStrategy[bytes]:
    """Return `bodies` serialized as JSON (lone surrogates escaped), or any bytes at all."""
    as_json = bodies.map(lambda body: json.dumps(body).encode())
    return as_json | st.binary(max_size=64) | st.just(b"[" * 5000) | st.just(b"")


def next_address() -> str:
    """Return a client address no other request of the run used, in its own /24."""
    n = next(_addresses)
    return f"10.{n // 256 % 256}.{n % 256}.1"


def assert_clear_answer(response: TestResponse) -> None:
    """Never a 500: a success, or a 4xx in the widget API's error shape."""
    assert response.status_code < 500, (response.status_code, response.get_data(as_text=True))
    if response.status_code >= 400:
        body = response.get_json()
        assert isinstance(body, dict) and {"error", "message"} <= set(body), body
