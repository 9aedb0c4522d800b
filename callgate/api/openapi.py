"""`GET /api/v1/openapi.json`: the OpenAPI 3.1 description of /api/v1/, no key needed."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from callgate.apikeys.spec import spec

bp = Blueprint("openapi", __name__)


@bp.get("/openapi.json")
def document() -> Response:
    """Serve the OpenAPI document; it holds nothing secret."""
    return jsonify(spec())
