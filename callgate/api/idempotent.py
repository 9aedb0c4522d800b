"""`Idempotency-Key` on POST: the first answer is stored and replayed for the same request."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Response, make_response, request

from callgate.api import errors
from callgate.api.base import key
from callgate.apikeys import idempotency
from callgate.db import get_db
from callgate.errors import CallgateError

HEADER = "Idempotency-Key"


def idempotent(view: Callable[..., Any]) -> Callable[..., Response]:
    """Run `view` once per idempotency key; replay its answer for the same request again."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        given = request.headers.get(HEADER)
        if given is None:
            return make_response(view(*args, **kwargs))
        value = idempotency.check_key(given)
        fingerprint = idempotency.fingerprint(request.method, request.path, request.get_data())
        stored = idempotency.claim(get_db(), key().id, value, fingerprint)
        if stored is not None:
            replay = Response(stored.body, stored.status, mimetype="application/json")
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        response = _run(view, *args, **kwargs)
        idempotency.keep(get_db(), key().id, value, response.status_code, response.get_data(True))
        return response

    return wrapper


def _run(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
    """Return the view's answer, or the answer to the core error it raised."""
    try:
        return make_response(view(*args, **kwargs))
    except CallgateError as exc:
        return errors.from_error(exc)
