"""The management API's frame: Bearer keys only, limits per key, every use audited by key name.

Cookies are never read and CORS is never answered: a browser page cannot use a key by accident.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, g, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from callgate.api import errors
from callgate.apikeys import use
from callgate.apikeys.keys import KeyRefused, actor_of
from callgate.audit import trail
from callgate.db import get_db
from callgate.db.fit import storable
from callgate.db.ids import plain_id
from callgate.db.integrations import ApiKey
from callgate.db.models import Button
from callgate.errors import CallgateError, InvalidInput

bp = Blueprint("api", __name__, url_prefix="/api/v1")
#: Where the management views live under the face's prefix (the OpenAPI document does not).
MANAGE = "/manage"
#: The one view of the face that needs no key: the description of the API.
OPEN = frozenset({"api.openapi.document"})
LIMITER = "callgate.api_key_limiter"
log = logging.getLogger(__name__)


def key() -> ApiKey:
    """Return the key the request came with (every view runs with one)."""
    found: ApiKey = g.api_key
    return found


def need(scope: str) -> ApiKey:
    """Return the request's key if it carries `scope`; raise ScopeMissing."""
    use.require(key(), scope)
    return key()


def owns(button_id: object) -> bool:
    """Tell whether `button_id` names a button of the key's workspace (one lookup by key)."""
    if not plain_id(button_id):
        return False
    found = select(Button.workspace_id).where(Button.id == button_id)
    return get_db().scalar(found) == key().workspace_id


def chosen_buttons() -> list[str] | None:
    """Return the `button` filter as the ids it leaves ([] for another workspace's or no
    button), or None without one: then the key's workspace scopes the query."""
    chosen = request.args.get("button")
    if chosen is None:
        return None
    return [chosen] if owns(chosen) else []


def body() -> dict:
    """Return the request's JSON object; raise InvalidInput for anything else."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("the body must be a JSON object (Content-Type: application/json)")
    return data


@bp.before_request
def authenticate() -> None:
    """Find the Bearer key and count its request against its limits."""
    if request.endpoint in OPEN:
        return
    scheme, _, text = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not text.strip():
        raise KeyRefused("send Authorization: Bearer <API key>", code="invalid_key")
    g.api_key = use.authenticate(get_db(), text.strip())
    current_app.extensions[LIMITER].hit(g.api_key.id)


@bp.errorhandler(CallgateError)
def core_error(exc: CallgateError) -> Response:
    """Answer a core error in the API's one shape."""
    g.api_error = exc.code
    return errors.from_error(exc)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Response:
    """Answer an HTTP-level error in the API's one shape."""
    return errors.from_http(exc)


@bp.errorhandler(SQLAlchemyError)
def database_error(exc: SQLAlchemyError) -> Response:
    """Answer 503 when the database fails; the details go to the log only."""
    get_db().rollback()
    log.error("management API: database error %s", type(exc).__name__)
    return errors.answer("unavailable", "the database is not available", 503)


@bp.after_request
def audit(response: Response) -> Response:
    """Write the request to the audit trail under the key's name (refusals without a key too)."""
    row = g.get("api_key")
    reason = f"{request.method} {request.path} {response.status_code}"  # cut() makes it storable
    outcome = "allowed" if response.status_code < 400 else "refused"
    if row is not None:
        path, status = storable(request.path[:200]), response.status_code
        details = trail.said("api_request", method=request.method, path=path, status=status)
        actor, code = actor_of(row), g.get("api_error")
        trail.record(get_db(), "api", outcome, reason, actor=actor, code=code, details=details)
    else:
        details = trail.said("api_no_key")
        trail.record_repeated(
            get_db(), "api", "no usable key", request.remote_addr, details=details
        )
    response.headers["Cache-Control"] = "no-store"
    return response
