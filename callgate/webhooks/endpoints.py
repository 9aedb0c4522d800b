"""A workspace's webhook endpoints: URL checked, secret shown once; listed and deleted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callgate.addresses import IPNetwork
from callgate.audit.changes import record_change
from callgate.audit.say import said
from callgate.db.integrations import WebhookEndpoint
from callgate.errors import InvalidInput, NotFound
from callgate.outbound import urls
from callgate.vault import fernet
from callgate.vault.stored import seal, vault_of
from callgate.webhooks import signing

EVENTS = (
    *("call.started", "call.answered", "call.ended", "call.refused"),
    *("callback.requested", "budget.exhausted", "gateway.unreachable"),
)
MOST = 10  # endpoints per workspace


class EndpointError(InvalidInput):
    """Fields of a webhook endpoint that cannot be stored."""

    code = "bad_events"
    codes = ("unknown_fields", "too_many_endpoints", "bad_phone_setting")


def events_of(value: object) -> list[str]:
    """Return the chosen event types in their usual order; raise InvalidInput."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise EndpointError("events must be a list of event types", field="events")
    unknown = sorted(set(value) - set(EVENTS))
    if unknown:
        raise EndpointError(f"unknown events: {', '.join(unknown)}", field="events", names=unknown)
    return [event for event in EVENTS if event in value]


def create(
    db: Session, workspace_id: int, fields: dict, actor: str, allowed: Iterable[IPNetwork]
) -> tuple[WebhookEndpoint, str]:
    """Store an endpoint and return it with its signing secret (shown once); raise InvalidInput."""
    url, events, phones = _checked(fields, allowed)
    count = select(func.count()).where(WebhookEndpoint.workspace_id == workspace_id)
    if (db.scalar(count) or 0) >= MOST:
        raise EndpointError(
            f"a workspace has at most {MOST} webhook endpoints", code="too_many_endpoints"
        )
    secret = signing.new_secret()
    row = WebhookEndpoint(
        workspace_id=workspace_id,
        url=url,
        events=events,
        secret=seal(db, secret),
        created_by=actor,
        include_phone_numbers=phones,
    )
    db.add(row)
    db.commit()
    return row, secret


def _checked(fields: dict, allowed: Iterable[IPNetwork]) -> tuple[str, list[str], bool]:
    """Return an endpoint's URL, events and phone number setting from `fields`; raise
    InvalidInput."""
    unknown = sorted(set(fields) - {"url", "events", "includePhoneNumbers"})
    if unknown:
        raise EndpointError(f"unknown fields: {', '.join(unknown)}", code="unknown_fields")
    target = urls.check(fields.get("url"), allowed)
    events = events_of(fields.get("events"))
    phones = fields.get("includePhoneNumbers", False)
    if not isinstance(phones, bool):
        raise EndpointError(
            "includePhoneNumbers must be true or false",
            code="bad_phone_setting",
            field="includePhoneNumbers",
        )
    return target.url, events, phones


def list_endpoints(db: Session, workspace_id: int) -> list[WebhookEndpoint]:
    """Return the workspace's endpoints, oldest first."""
    return list_in(db, [workspace_id])


def list_in(db: Session, workspace_ids: list[int]) -> list[WebhookEndpoint]:
    """Return the endpoints of the workspaces, oldest first."""
    query = select(WebhookEndpoint).where(WebhookEndpoint.workspace_id.in_(workspace_ids))
    return list(db.scalars(query.order_by(WebhookEndpoint.id)))


def get(db: Session, endpoint_id: int, workspace_id: int) -> WebhookEndpoint:
    """Return one endpoint of the workspace; raise NotFound."""
    row = db.get(WebhookEndpoint, endpoint_id) if endpoint_id < 2**31 else None
    if row is None or row.workspace_id != workspace_id:
        raise NotFound(f"no webhook endpoint {endpoint_id}")
    return row


def delete(db: Session, row: WebhookEndpoint, actor: str) -> None:
    """Delete an endpoint and whatever it still had to send; audited."""
    reason = f"deleted webhook endpoint {row.id}"
    say = said("webhook_deleted", endpoint=row.id)
    record_change(db, "webhook.delete", actor, {"url": [row.url, None]}, reason, say)
    db.delete(row)
    db.commit()


def share_phone_numbers(db: Session, row: WebhookEndpoint, include: bool, actor: str) -> None:
    """Send the endpoint visitors' phone numbers whole (`include`) or masked from now on; audited
    when it changes."""
    if row.include_phone_numbers == include:
        return
    code = "webhook_phones_included" if include else "webhook_phones_masked"
    change = {"include_phone_numbers": [row.include_phone_numbers, include]}
    reason = f"phone numbers {'included' if include else 'masked'} for webhook endpoint {row.id}"
    record_change(db, "webhook.update", actor, change, reason, said(code, endpoint=row.id))
    row.include_phone_numbers = include
    db.commit()


def secret_of(db: Session, row: WebhookEndpoint) -> str:
    """Return the endpoint's signing secret."""
    return fernet.decrypt(vault_of(db), row.secret)


def describe(row: WebhookEndpoint) -> dict[str, Any]:
    """Return an endpoint as plain data, without its secret."""
    made = row.created_at.isoformat() if row.created_at else None
    state = "failing" if row.failing_since is not None else "active"
    return {
        "id": row.id,
        "url": row.url,
        "events": list(row.events),
        "createdAt": made,
        "state": state,
        "includePhoneNumbers": row.include_phone_numbers,
    }
