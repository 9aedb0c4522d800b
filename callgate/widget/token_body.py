"""What a token request's JSON body may carry: the notice accepted, the route, name and page.

`{"consent": TEXT, "route": ID, "name": TEXT, "page": "/path?query", "identity": SIGNED,
"overflowOf": KEY, "proof": PROOF}`, each optional (routes/identity.py reads the identity; an
overflow key asks for the overflow leg of an attempt, routes/overflow.py; a proof answers the
challenge of a token request under pressure, ratelimit/work_gate.py); the
widget sends it as `text/plain` (a simple request, no preflight). An empty body asks for
nothing, as older widgets send it. The body is read once per request.
"""

from __future__ import annotations

import json

from flask import g, request

from callgate.errors import InvalidInput

KEYS = frozenset({"consent", "route", "name", "page", "identity", "overflowOf", "proof"})
SHAPE = (
    'the body must be empty or a JSON object with "consent", "route", "name", "page", '
    '"identity", "overflowOf" or "proof" (each a string)'
)


def token_body() -> dict[str, str]:
    """Return the token request's fields (known keys, string values); raise InvalidInput,
    each time it is asked (the body can be read only once)."""
    if "token_body" not in g:
        try:
            g.token_body = _parse(request.get_data(cache=False))
        except InvalidInput as exc:
            g.token_body = exc
    if isinstance(g.token_body, InvalidInput):
        raise g.token_body
    return g.token_body


def _parse(raw: bytes) -> dict[str, str]:
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidInput(SHAPE, reason="token_body") from None
    if not isinstance(body, dict) or not set(body) <= KEYS:
        raise InvalidInput(SHAPE, reason="token_body")
    if any(value is not None and not isinstance(value, str) for value in body.values()):
        raise InvalidInput(SHAPE, reason="token_body")
    return {key: value for key, value in body.items() if value is not None}
