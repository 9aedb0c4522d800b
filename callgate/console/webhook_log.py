"""One webhook endpoint's delivery log, newest first by keyset pages; editors resend one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.console import keyset, paging
from callgate.console.access import actor
from callgate.console.base import page
from callgate.console.webhooks import may_edit, to_edit, to_view
from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.db.models import utcnow
from callgate.webhooks import deliveries, endpoints
from callgate.webhooks.deliveries import AlreadyPending, Filters

bp = Blueprint("webhook_log", __name__)
#: The filters and the cursor a resend keeps, to come back to the same page.
KEPT = ("status", "event", "after")


def _when(value: Any) -> str:
    """Return an instant as the log shows it, in UTC to the second."""
    return value.isoformat()[:19].replace("T", " ") if value is not None else ""


def describe(row: WebhookMessage) -> dict[str, Any]:
    """Return what the log shows of one delivery."""
    return {
        "id": row.id,
        "messageId": row.message_id,
        "event": row.event_type,
        "status": row.status,
        "attempts": row.attempts,
        "code": row.last_status,
        "error": row.last_error,
        "latency": row.latency_ms,
        "createdAt": _when(row.created_at),
        "triedAt": _when(row.tried_at),
        "nextAt": _when(row.next_at) if row.status == "pending" else "",
        "resentAt": _when(row.resent_at),
        "payload": deliveries.payload(row),
    }


@bp.get("/webhooks/<int:endpoint_id>")
def deliveries_page(endpoint_id: int) -> ResponseReturnValue:
    """Show a page of the endpoint's deliveries, filtered by status and event type."""
    row = to_view(endpoint_id)
    shown = Filters(
        paging.choice("status", deliveries.STATUSES),
        paging.choice("event", endpoints.EVENTS),
        keyset.numbered_cursor(),
    )
    rows, last = deliveries.page(get_db(), row.id, shown, paging.PER_PAGE)
    query = {k: v for k, v in (("status", shown.status), ("event", shown.event)) if v}
    return page(
        "webhook_log.html",
        endpoint=endpoints.describe(row),
        rows=[describe(r) for r in rows],
        editable=may_edit(row),
        statuses=deliveries.STATUSES,
        events=endpoints.EVENTS,
        query=query,
        later=shown.after is not None,
        after=keyset.cursor_text(last[0], str(last[1])) if last else None,
    )


@bp.post("/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/resend")
def resend(endpoint_id: int, delivery_id: int) -> ResponseReturnValue:
    """Queue one delivery again with the same webhook-id; editors and admins; audited."""
    row = deliveries.get(get_db(), to_edit(endpoint_id), delivery_id)
    try:
        deliveries.resend(get_db(), row, actor(), utcnow())
        notice = "resent"
    except AlreadyPending:
        notice = "pending"
    kept: dict[str, Any] = {name: request.args[name] for name in KEPT if request.args.get(name)}
    target = url_for(
        "console.webhook_log.deliveries_page", endpoint_id=endpoint_id, notice=notice, **kept
    )
    return redirect(target)
