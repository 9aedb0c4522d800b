"""The OpenAPI schemas of what /api/v1/ answers: one place, read by the spec and its tests."""

from __future__ import annotations

from typing import Any

from callgate.buttons import validate
from callgate.calls.log import OUTCOMES
from callgate.visitors.callback_log import STATUSES
from callgate.webhooks.deliveries import STATUSES as DELIVERY_STATUSES
from callgate.webhooks.endpoints import EVENTS

TEXT = {"type": "string"}
MAYBE_TEXT = {"type": ["string", "null"]}
MAYBE_TIME = {"type": ["string", "null"], "format": "date-time"}
OBJECT = {"type": "object"}


def obj(required: list[str], **properties: Any) -> dict[str, Any]:
    """Return an object schema with these properties (others may come too)."""
    return {"type": "object", "required": required, "properties": properties}


def ref(name: str) -> dict[str, str]:
    """Return a reference to a named schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(name: str) -> dict[str, Any]:
    """Return the schema of one page of `name` items and the next page's cursor."""
    return obj(
        ["data", "nextCursor"], data={"type": "array", "items": ref(name)}, nextCursor=MAYBE_TEXT
    )


CALL = obj(
    ["id", "buttonId", "createdAt", "outcome"],
    id=TEXT,
    buttonId=TEXT,
    createdAt={"type": "string", "format": "date-time"},
    answeredAt=MAYBE_TIME,
    endedAt=MAYBE_TIME,
    outcome={"enum": list(OUTCOMES)},
    finalStatus=MAYBE_TEXT,
    talkSeconds={"type": ["integer", "null"]},
    endedBy=MAYBE_TEXT,
    origin=MAYBE_TEXT,
    page={"type": ["string", "null"], "description": "the path of the page the call came from"},
    campaign={
        "type": "object",
        "description": "the page's utm_* values, by name (utm_source, utm_campaign…)",
        "additionalProperties": {"type": "string"},
    },
    overflowOf={
        "type": ["string", "null"],
        "description": "for an overflow leg, the id of the busy or unanswered call it followed",
    },
)
STEP = obj(["at", "what"], at=TEXT, what=TEXT, detail=MAYBE_TEXT, outcome=MAYBE_TEXT)

SCHEMAS: dict[str, Any] = {
    "Error": obj(
        ["error", "message", "details"],
        error={"type": "string", "description": "a stable code, e.g. bad_colour"},
        message=TEXT,
        details={"type": "object", "description": "e.g. `field`: the field at fault"},
    ),
    "Button": obj(
        ["id", "name", "workspaceId", "enabled", "origins", "sip"],
        id=TEXT,
        name=TEXT,
        workspaceId={"type": "integer"},
        enabled={"type": "boolean"},
        origins={"type": "array", "items": TEXT},
        gatewayUrl=TEXT,
        callee=TEXT,
        sip=obj(["passwordSet"], passwordSet={"type": "boolean"}),
        appearance=OBJECT,
        hours=OBJECT,
        limits=OBJECT,
        visitor=OBJECT,
        createdAt=MAYBE_TIME,
        updatedAt=MAYBE_TIME,
    ),
    "ButtonFields": {
        "type": "object",
        "description": "The button's fields, checked by the same rules as the console and CLI; "
        "`sip_password` is write-only. An unknown field is refused (`unknown_fields`).",
        "properties": {name: {} for name in sorted(validate.CHECKS)} | {"callee": TEXT},
        "additionalProperties": False,
    },
    "ButtonPage": page_of("Button"),
    "Call": CALL,
    "CallDetail": {
        "allOf": [
            CALL,
            obj(
                ["timeline"],
                refusalReason=MAYBE_TEXT,
                timeline={"type": "array", "items": STEP},
            ),
        ]
    },
    "CallPage": page_of("Call"),
    "Callback": obj(
        ["id", "buttonId", "status", "createdAt"],
        id={"type": "integer"},
        buttonId=TEXT,
        phone=TEXT,
        note=MAYBE_TEXT,
        origin=MAYBE_TEXT,
        visitorIp=MAYBE_TEXT,
        language=MAYBE_TEXT,
        status={"enum": list(STATUSES)},
        createdAt=TEXT,
    ),
    "CallbackPage": page_of("Callback"),
    "WebhookFields": obj(
        ["url", "events"],
        url={"type": "string", "description": "https://…, or http to CALLGATE_WEBHOOK_ALLOW_CIDRS"},
        events={"type": "array", "items": {"enum": list(EVENTS)}, "minItems": 1},
        includePhoneNumbers={
            "type": "boolean",
            "description": "send visitors' phone numbers whole; masked when false (the default)",
        },
    )
    | {"additionalProperties": False},
    "Webhook": obj(
        ["id", "url", "events"],
        id={"type": "integer"},
        url=TEXT,
        events={"type": "array", "items": TEXT},
        createdAt=MAYBE_TIME,
        state={"enum": ["active", "failing"], "description": "failing: a delivery gave up"},
        includePhoneNumbers={"type": "boolean"},
        secret={"type": "string", "description": "in the answer to POST only"},
    ),
    "WebhookPage": obj(["data"], data={"type": "array", "items": ref("Webhook")}),
    "Delivery": obj(
        ["id", "webhookId", "event", "status", "attempts"],
        id={"type": "integer"},
        webhookId=TEXT,
        event=TEXT,
        status={"enum": list(DELIVERY_STATUSES)},
        attempts={"type": "integer"},
        lastStatus={"type": ["integer", "null"]},
        lastError=MAYBE_TEXT,
        latencyMs={"type": ["integer", "null"]},
        createdAt=MAYBE_TIME,
        triedAt=MAYBE_TIME,
        nextAt=MAYBE_TIME,
        resentAt=MAYBE_TIME,
    ),
    "DeliveryPage": page_of("Delivery"),
    "WebhookTest": obj(
        ["delivered", "status", "error"],
        delivered={"type": "boolean"},
        status={"type": ["integer", "null"]},
        error=MAYBE_TEXT,
    ),
}
