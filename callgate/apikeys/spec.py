"""The OpenAPI 3.1 description of every route under /api/v1/ (the API face serves it).

tests/api/test_openapi.py holds it to the app's URL map both ways, and runs schemathesis on it.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from callgate.apikeys.spec_parts import (
    IDEMPOTENCY,
    JSON,
    MANAGE_ERRORS,
    WIDGET_ERRORS,
    content,
    op,
    param,
)
from callgate.apikeys.spec_schemas import SCHEMAS, ref

BUTTON_ID = param("button_id", "path")
ENDPOINT_ID = param("endpoint_id", "path", {"type": "integer", "minimum": 0})
PAGE = [param("cursor"), param("limit", schema={"type": "integer", "minimum": 1, "maximum": 200})]
FIELDS = {"required": True, "content": content(ref("ButtonFields"))}
ANYTHING = {
    "content": {JSON: {"schema": {"type": "object"}}, "text/plain": {"schema": {"type": "string"}}}
}
PUBLIC: dict[str, Any] = {"security": [], "tags": ["widget"]}
PREFLIGHT = op("CORS preflight", 204, None, errors=(403, 404, 429), shape={"type": "object"})
PREFLIGHT |= PUBLIC
MANAGE = "/api/v1/manage"
CALL_FILTERS = ("button", "outcome", "since", "until", "page", "campaign")
WIDGET = dict(errors=WIDGET_ERRORS, shape={"type": "object"}, **PUBLIC)

PATHS: dict[str, dict[str, Any]] = {
    f"{MANAGE}/buttons": {
        "get": op("The workspace's buttons, oldest first", 200, ref("ButtonPage"), parameters=PAGE),
        "post": op(
            "Make a button", 201, ref("Button"), parameters=[IDEMPOTENCY], requestBody=FIELDS
        ),
    },
    f"{MANAGE}/buttons/{{button_id}}": {
        "parameters": [BUTTON_ID],
        "get": op("One button (never its SIP password)", 200, ref("Button")),
        "patch": op("Change some fields of a button", 200, ref("Button"), requestBody=FIELDS),
        "delete": op("Delete a button (its calls stay in the log)", 204, None),
    },
    f"{MANAGE}/calls": {
        "get": op(
            "Calls, newest first",
            200,
            ref("CallPage"),
            parameters=[param(name) for name in CALL_FILTERS] + PAGE,
        )
    },
    f"{MANAGE}/calls/{{call_id}}": {
        "parameters": [param("call_id", "path")],
        "get": op("One call with its timeline", 200, ref("CallDetail")),
    },
    f"{MANAGE}/callbacks": {
        "get": op(
            "Callback requests, newest first",
            200,
            ref("CallbackPage"),
            parameters=[param("button"), param("status")] + PAGE,
        )
    },
    f"{MANAGE}/callbacks/{{request_id}}/done": {
        "parameters": [param("request_id", "path", {"type": "integer", "minimum": 0})],
        "post": op("Mark a callback request done", 200, ref("Callback"), parameters=[IDEMPOTENCY]),
    },
    f"{MANAGE}/webhook-endpoints": {
        "get": op("The workspace's webhook endpoints", 200, ref("WebhookPage")),
        "post": op(
            "Make a webhook endpoint (its secret is shown once)",
            201,
            ref("Webhook"),
            parameters=[IDEMPOTENCY],
            requestBody={"required": True, "content": content(ref("WebhookFields"))},
        ),
    },
    f"{MANAGE}/webhook-endpoints/{{endpoint_id}}": {
        "parameters": [ENDPOINT_ID],
        "delete": op("Delete a webhook endpoint", 204, None),
    },
    f"{MANAGE}/webhook-endpoints/{{endpoint_id}}/test": {
        "parameters": [ENDPOINT_ID],
        "post": op("Send a signed webhook.test event now", 200, ref("WebhookTest")),
    },
    f"{MANAGE}/webhook-endpoints/{{endpoint_id}}/deliveries": {
        "parameters": [ENDPOINT_ID],
        "get": op(
            "The endpoint's deliveries, newest first",
            200,
            ref("DeliveryPage"),
            parameters=[param("status"), param("event")] + PAGE,
        ),
    },
    f"{MANAGE}/webhook-endpoints/{{endpoint_id}}/deliveries/{{delivery_id}}/resend": {
        "parameters": [
            ENDPOINT_ID,
            param("delivery_id", "path", {"type": "integer", "minimum": 0}),
        ],
        "post": op(
            "Queue a delivery again, with the same webhook-id",
            202,
            ref("Delivery"),
            errors=(*MANAGE_ERRORS, 409),
        ),
    },
    "/api/v1/buttons/{button_id}": {
        "parameters": [BUTTON_ID],
        "get": op("The widget's public config of a button", 200, {"type": "object"}, **WIDGET),
    },
    "/api/v1/buttons/{button_id}/token": {
        "parameters": [BUTTON_ID],
        "options": PREFLIGHT,
        "post": op("A one-time call token for an allowed page", 200, {"type": "object"}, **WIDGET),
    },
    "/api/v1/buttons/{button_id}/callbacks": {
        "parameters": [BUTTON_ID],
        "options": PREFLIGHT,
        "post": op("A visitor asks to be called back", 200, {"type": "object"}, **WIDGET)
        | {"requestBody": ANYTHING},
    },
    "/api/v1/calls/report": {
        "options": PREFLIGHT,
        "post": op("The widget reports how a call went", 200, {"type": "object"}, **WIDGET)
        | {"requestBody": ANYTHING},
    },
    "/api/v1/openapi.json": {
        "get": op("This description", 200, {"type": "object"}, errors=(), security=[])
    },
}


def spec() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of /api/v1/."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Callgate API",
            "version": version("callgate"),
            "description": "The management API (/api/v1/manage/, an API key as Bearer token) "
            "and the routes the widget calls.",
        },
        "security": [{"apiKey": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}},
        },
    }
