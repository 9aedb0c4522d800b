"""The building blocks of the OpenAPI description (apikeys/spec.py): an operation with its
success and error answers, a parameter, the error texts and the idempotency header."""

from __future__ import annotations

from typing import Any

from callgate.apikeys.spec_schemas import ref

JSON = "application/json"
REASONS = {
    400: "Bad input (the field at fault in `details.field`)",
    401: "No key, or a key unknown, revoked or expired",
    403: "The key lacks the scope, or the page's origin is not allowed",
    404: "Not found in the key's workspace",
    409: "The Idempotency-Key was used for another request, or the delivery waits already",
    429: "Over the limit; see Retry-After",
    503: "The database or the gateway is not available",
}
MANAGE_ERRORS = (400, 401, 403, 404, 405, 429, 503)
WIDGET_ERRORS = (400, 403, 404, 405, 429, 503)
IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "string"}, "description": "seconds to wait"}}


def content(schema: dict[str, Any]) -> dict[str, Any]:
    """Return a JSON content entry."""
    return {JSON: {"schema": schema}}


def error(status: int, schema: dict[str, Any]) -> dict[str, Any]:
    """Return the description of an error answer."""
    answer: dict[str, Any] = {"description": REASONS.get(status, "Refused")}
    answer["content"] = content(schema)
    if status == 429:
        answer["headers"] = RETRY_AFTER
    return answer


def op(summary: str, ok: int, schema: dict | None, **extra: Any) -> dict[str, Any]:
    """Return one operation of the management API: its success answer and its refusals."""
    success: dict[str, Any] = {"description": "Done"}
    if schema is not None:
        success["content"] = content(schema)
    codes = extra.pop("errors", MANAGE_ERRORS)
    if IDEMPOTENCY in extra.get("parameters", []):
        codes = (*codes, 409)
    shape = extra.pop("shape", ref("Error"))
    answers = {str(ok): success} | {str(s): error(s, shape) for s in codes}
    return {"summary": summary, "responses": answers} | extra


def param(name: str, where: str = "query", schema: dict | None = None) -> dict[str, Any]:
    """Return a parameter; path parameters are required."""
    found = {"name": name, "in": where, "schema": schema or {"type": "string"}}
    return found | ({"required": True} if where == "path" else {})
