"""Webhook endpoints of the key's workspace: make (secret shown once), list, delete, test."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue

from callgate.addresses import IPNetwork, parse_networks
from callgate.api.base import body, need
from callgate.api.idempotent import idempotent
from callgate.apikeys.keys import actor_of
from callgate.db import get_db
from callgate.webhooks import endpoints, probe

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
