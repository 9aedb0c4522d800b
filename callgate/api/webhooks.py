"""Webhook endpoints of the key's workspace: make (secret shown once), list, delete, test; each
one's deliveries a page at a time, and one sent again."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue

from callgate.addresses import IPNetwork, parse_networks
from callgate.api.base import body, need
from callgate.api.calls import choice, limit
from callgate.api.idempotent import idempotent
from callgate.apikeys.keys import actor_of
from callgate.db import get_db
from callgate.db.models import MAX_ID, utcnow
from callgate.errors import InvalidInput
from callgate.webhooks import deliveries, endpoints, probe

bp = Blueprint("webhooks", __name__)


def allowed() -> list[IPNetwork]:
    """Return the networks CALLGATE_WEBHOOK_ALLOW_CIDRS opens."""
    return parse_networks(current_app.config["WEBHOOK_ALLOW_CIDRS"])


@bp.get("/webhook-endpoints")
def index() -> ResponseReturnValue:
    """List the workspace's endpoints (never their secrets)."""
    row = need("webhooks:write")
    found = endpoints.list_endpoints(get_db(), row.workspace_id)
    return {"data": [endpoints.describe(e) for e in found]}


@bp.post("/webhook-endpoints")
@idempotent
def create() -> ResponseReturnValue:
    """Make an endpoint; its signing secret is in this answer only."""
    row = need("webhooks:write")
    made, secret = endpoints.create(get_db(), row.workspace_id, body(), actor_of(row), allowed())
    return endpoints.describe(made) | {"secret": secret}, 201


@bp.delete("/webhook-endpoints/<int:endpoint_id>")
def remove(endpoint_id: int) -> ResponseReturnValue:
    """Delete an endpoint and whatever it still had to send."""
    row = need("webhooks:write")
    found = endpoints.get(get_db(), endpoint_id, row.workspace_id)
    endpoints.delete(get_db(), found, actor_of(row))
    return "", 204


@bp.post("/webhook-endpoints/<int:endpoint_id>/test")
def test(endpoint_id: int) -> ResponseReturnValue:
    """Send a signed `webhook.test` event now and say what the endpoint answered."""
    row = need("webhooks:write")
    endpoint = endpoints.get(get_db(), endpoint_id, row.workspace_id)
    return probe.send_test(get_db(), endpoint, allowed(), actor_of(row))


def cursor() -> tuple[datetime, int] | None:
    """Return the `cursor` parameter, a `nextCursor` ("ISO time|id"); raise InvalidInput."""
    text = request.args.get("cursor")
    if text is None:
        return None
    at, _sep, ref = text.partition("|")
    try:
        when = datetime.fromisoformat(at)
        if when.tzinfo is None or not (ref.isascii() and ref.isdigit() and len(ref) <= 10):
            raise ValueError(text)
        if int(ref) > MAX_ID:
            raise ValueError(text)
        return when.astimezone(UTC), int(ref)
    except (ValueError, OverflowError):
        raise InvalidInput("cursor must be a nextCursor of this list", field="cursor") from None


@bp.get("/webhook-endpoints/<int:endpoint_id>/deliveries")
def delivery_log(endpoint_id: int) -> ResponseReturnValue:
    """List an endpoint's deliveries, newest first: `status`, `event`, `cursor`, `limit`."""
    row = need("webhooks:write")
    endpoint = endpoints.get(get_db(), endpoint_id, row.workspace_id)
    shown = deliveries.Filters(
        choice("status", deliveries.STATUSES), choice("event", endpoints.EVENTS), cursor()
    )
    rows, last = deliveries.page(get_db(), endpoint.id, shown, limit())
    after = f"{last[0].isoformat()}|{last[1]}" if last else None
    return {"data": [deliveries.describe(r) for r in rows], "nextCursor": after}


@bp.post("/webhook-endpoints/<int:endpoint_id>/deliveries/<int:delivery_id>/resend")
def resend(endpoint_id: int, delivery_id: int) -> ResponseReturnValue:
    """Queue a delivery again with its webhook-id; 409 while it waits to be sent already."""
    row = need("webhooks:write")
    endpoint = endpoints.get(get_db(), endpoint_id, row.workspace_id)
    found = deliveries.get(get_db(), endpoint, delivery_id)
    deliveries.resend(get_db(), found, actor_of(row), utcnow())
    return deliveries.describe(found), 202
