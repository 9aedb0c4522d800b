"""The API reference page: /api/v1/ as the OpenAPI document describes it, rendered here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask.typing import ResponseReturnValue

from callgate.apikeys.spec import spec
from callgate.console.base import page

bp = Blueprint("apidocs", __name__)
METHODS = ("get", "post", "patch", "put", "delete", "options")


def schema_name(schema: dict[str, Any] | None) -> str:
    """Return a schema's name if it is a reference, else its type (empty if none)."""
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return str(schema.get("type", "object"))


def body_of(entry: dict[str, Any]) -> str:
    """Return the schema name of a request body or an answer (its JSON content)."""
    content = entry.get("content", {})
    return schema_name(content.get("application/json", {}).get("schema"))


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each operation as plain rows the page lists."""
    found = []
    for path, item in document["paths"].items():
        for method in (m for m in METHODS if m in item):
            operation = item[method]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "key": operation.get("security") != [],
                    "parameters": item.get("parameters", []) + operation.get("parameters", []),
                    "body": body_of(operation.get("requestBody", {})),
                    "responses": [
                        (status, answer["description"], body_of(answer))
                        for status, answer in operation["responses"].items()
                    ],
                }
            )
    return found


@bp.get("/api-docs")
def index() -> ResponseReturnValue:
    """Show the API reference from the same document /api/v1/openapi.json serves."""
    document = spec()
    return page(
        "apidocs.html",
        200,
        info=document["info"],
        operations=operations(document),
        schemas=document["components"]["schemas"],
    )
