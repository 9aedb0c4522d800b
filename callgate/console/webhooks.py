"""Webhook endpoints of the workspaces the user sees: listed; tried and deleted by editors."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import workspaces
from callgate.accounts.workspaces import NotPermitted
from callgate.addresses import IPNetwork, parse_networks
from callgate.console import access
from callgate.console.base import page
from callgate.console.i18n import gettext as _
from callgate.db import get_db
from callgate.db.integrations import WebhookEndpoint
from callgate.errors import InvalidInput, NotFound
from callgate.webhooks import endpoints, probe

bp = Blueprint("webhooks", __name__)


def allowed() -> list[IPNetwork]:
    """Return the networks CALLGATE_WEBHOOK_ALLOW_CIDRS opens."""
    return parse_networks(current_app.config["WEBHOOK_ALLOW_CIDRS"])


def to_view(endpoint_id: int) -> WebhookEndpoint:
    """Return the endpoint if the user sees its workspace; raise NotFound otherwise."""
    row = get_db().get(WebhookEndpoint, endpoint_id) if endpoint_id < 2**31 else None
    if row is None or workspaces.role_in(get_db(), access.user(), row.workspace_id) is None:
        raise NotFound(f"no webhook endpoint {endpoint_id}")
    return row


def to_edit(endpoint_id: int) -> WebhookEndpoint:
    """Return the endpoint if the user may change it; raise NotFound or NotPermitted."""
    row = to_view(endpoint_id)
    if not may_edit(row):
        raise NotPermitted("your role in this workspace is read-only")
    return row


def may_edit(row: WebhookEndpoint) -> bool:
    """Tell whether the user is an admin or an editor of the endpoint's workspace."""
    return workspaces.role_in(get_db(), access.user(), row.workspace_id) in ("admin", "editor")


def _show(**values: object) -> tuple[str, int]:
    rows = endpoints.list_in(get_db(), access.visible_workspaces())
    editing = set(workspaces.editable(get_db(), access.user()))
    return page(
        "webhooks.html",
        200,
        rows=[endpoints.describe(row) | {"workspaceId": row.workspace_id} for row in rows],
        editable={row.id for row in rows if row.workspace_id in editing},
        names=access.workspace_names(),
        **values,
    )


@bp.get("/webhooks")
def index() -> ResponseReturnValue:
    """List the endpoints of the workspaces the user sees, each linked to its delivery log."""
    return _show()


@bp.post("/webhooks/<int:endpoint_id>/test")
def test(endpoint_id: int) -> ResponseReturnValue:
    """Send a signed `webhook.test` event now and say what the endpoint answered; audited."""
    row = to_edit(endpoint_id)
    found = probe.send_test(get_db(), row, allowed(), access.actor())
    return _show(tested=row.id, result=found)


@bp.post("/webhooks/<int:endpoint_id>/phones")
def phones(endpoint_id: int) -> ResponseReturnValue:
    """Send the endpoint visitors' phone numbers whole (`include=yes`) or masked; audited."""
    row = to_edit(endpoint_id)
    choice = request.form.get("include")
    if choice not in ("yes", "no"):
        raise InvalidInput(_("Choose whether phone numbers are sent whole."))
    endpoints.share_phone_numbers(get_db(), row, choice == "yes", access.actor())
    shown = "whole" if choice == "yes" else "masked"
    return redirect(url_for("console.webhooks.index", phones=shown))


@bp.post("/webhooks/<int:endpoint_id>/delete")
def delete(endpoint_id: int) -> ResponseReturnValue:
    """Delete the endpoint and whatever it still had to send, once confirmed; audited."""
    row = to_edit(endpoint_id)
    if request.form.get("confirm") != "yes":
        raise InvalidInput(_("Tick the box to confirm."))
    endpoints.delete(get_db(), row, access.actor())
    return redirect(url_for("console.webhooks.index", deleted=1))
