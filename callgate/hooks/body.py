"""Read a signed hook body: strict JSON, finite numbers, clean strings, a string `sessionId`.

What passes here can be stored and echoed as valid JSON: no NaN or Infinity (JSON has
neither, and `1e400` would come back as Infinity), no lone surrogate (no database or encoder
takes one), and no control character, which could end a SIP header and start another. The SDP
of a call and the raw SIP message of an event are multi-line by nature: they may hold CR, LF
and TAB, nothing else.
"""

from __future__ import annotations

import json
import math
import re

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from callgate.errors import InvalidInput

MAX_ID = 200
MULTI_LINE = frozenset({"sdp", "sipMessageRaw"})
# C0 and C1 controls, DEL, the Unicode line and paragraph separators, lone surrogates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNSAFE_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


def _no_constant(name: str) -> object:
    raise InvalidInput(
        f"{name} is not a JSON number", reason="not_a_number", params={"field": name}
    )


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise InvalidInput("number out of range", reason="number_out_of_range")
    return number


def parse_body(raw: bytes) -> dict:
    """Return the JSON object in `raw`; raise InvalidInput saying what is wrong with it."""
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidInput("malformed JSON", reason="body_not_json") from None
    if not isinstance(body, dict):
        raise InvalidInput("body must be a JSON object", reason="body_not_object")
    for key, value in body.items():
        _check_strings(key, value)
    session_id = body.get("sessionId")
    if not isinstance(session_id, str) or not session_id or len(session_id) > MAX_ID:
        raise InvalidInput("missing sessionId", reason="session_id_missing")
    return body


def _check_strings(key: str, value: object) -> None:
    """Raise InvalidInput if `key` or any string inside `value`, at any depth, is unsafe."""
    field = key if _NAME.fullmatch(key) else "a field"
    allowed = _UNSAFE_IN_TEXT if key in MULTI_LINE else _UNSAFE
    pending: list[object] = [key, value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
        elif isinstance(item, str):
            found = (allowed if item is value else _UNSAFE).search(item)
            if found:
                what = (
                    "invalid unicode" if "\ud800" <= found[0] <= "\udfff" else "control character"
                )
                raise InvalidInput(f"{what} in {field}", **_forbidden(key))


def _forbidden(key: str) -> dict:
    """Return the reason (and the field, if it has a plain name) of forbidden characters."""
    if _NAME.fullmatch(key):
        return {"reason": "forbidden_characters", "params": {"field": key}}
    return {"reason": "forbidden_characters_unnamed"}


def read_body() -> bytes:
    """Return the raw body; RequestEntityTooLarge if it is over the limit, chunked or not.

    Werkzeug refuses an over-long Content-Length, but cuts a chunked body (one the server
    terminates) at the limit without a word, which would then fail as a bad signature.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None or "wsgi.input_terminated" not in request.environ:
        return request.get_data(cache=False)
    stream, chunks, size = request.environ["wsgi.input"], [], 0
    while size <= limit and (chunk := stream.read(limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestEntityTooLarge()
    return b"".join(chunks)
