"""Create, read, change and remove buttons in the database."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from buttons import call_limits, validate
from buttons.callee import CalleeRules
from buttons.schedule import format_hours
from db.accounts import DEFAULT_WORKSPACE_ID, Workspace
from db.models import Button
from errors import NotFound
from vault.stored import seal

DEFAULTS: dict[str, object] = {
    "app_key": "callgate",
    "sip_port": 5060,
    "sip_register": False,
    "enabled": True,
    "color": "#0b6e4f",
    "text_color": "#ffffff",
    "position": "bottom-right",
    "language": "auto",
    "texts": {},
    "precheck": True,
    "callback": False,
    "rating": False,
}
REQUIRED = ("name", "origins", "gateway_url", "callee", "sip_login", "sip_password")


def new_button_id() -> str:
    """Return a random, unguessable, URL-safe public id (128 bits) that does not start with "-"."""
    # A leading "-" would make `flask button show ID` read the id as an option.
    while (button_id := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return button_id


def create_button(
    db: Session,
    fields: dict[str, object],
    callee_rules: CalleeRules | None = None,
    workspace_id: int = DEFAULT_WORKSPACE_ID,
) -> Button:
    """Validate `fields`, store a new enabled button (SIP password encrypted) and return it.

    The button belongs to `workspace_id` (the default workspace unless said otherwise).
    """
    missing = [name for name in REQUIRED if fields.get(name) in (None, "", [], ())]
    if missing:
        raise validate.ButtonError(
            f"missing {', '.join(missing)}", code="missing_fields", names=missing
        )
    values = DEFAULTS | validate.clean(
        {k: v for k, v in fields.items() if v is not None}, callee_rules
    )
    password = values["sip_password"]
    assert isinstance(password, str), "validate.clean checks it as text"
    values["sip_password"] = seal(db, password)
    button = Button(id=new_button_id(), workspace_id=workspace_id, **values)
    db.add(button)
    db.commit()
    return button


def get_button(db: Session, button_id: str, *, enabled_only: bool = False) -> Button:
    """Return the button with `button_id`; raise NotFound if absent (or disabled, if asked)."""
    button = db.get(Button, button_id) if isinstance(button_id, str) else None
    if button is None or (enabled_only and not button.enabled):
        raise NotFound(f"no button {button_id!r}")
    return button


def list_buttons(db: Session, workspace_ids: list[int] | None = None) -> list[Button]:
    """Return all buttons (or those of `workspace_ids`), oldest first."""
    query = select(Button).order_by(Button.created_at, Button.id)
    if workspace_ids is not None:
        query = query.where(Button.workspace_id.in_(workspace_ids))
    return list(db.scalars(query))


def move_button(db: Session, button_id: str, workspace_id: int) -> Button:
    """Put the button into another workspace (which must exist); return it."""
    button = get_button(db, button_id)
    if db.get(Workspace, workspace_id) is None:
        raise NotFound(f"no workspace {workspace_id!r}")
    button.workspace_id = workspace_id
    db.commit()
    return button


def update_button(
    db: Session,
    button_id: str,
    changes: dict[str, object],
    callee_rules: CalleeRules | None = None,
) -> Button:
    """Validate and apply `changes` (None values are left alone); return the button.

    A new SIP password is stored encrypted.
    """
    button = get_button(db, button_id)
    values = validate.clean({k: v for k, v in changes.items() if v is not None}, callee_rules)
    if "sip_password" in values:
        password = values["sip_password"]
        assert isinstance(password, str), "validate.clean checks it as text"
        values["sip_password"] = seal(db, password)
    for name, value in values.items():
        setattr(button, name, value)
    db.commit()
    return button


def delete_button(db: Session, button_id: str) -> None:
    """Remove a button; its call log stays."""
    db.delete(get_button(db, button_id))
    db.commit()


def describe(button: Button) -> dict[str, Any]:
    """Return the button as plain data for the owner, without the SIP password."""
    return {
        "id": button.id,
        "name": button.name,
        "workspaceId": button.workspace_id,
        "enabled": button.enabled,
        "origins": list(button.origins),
        "gatewayUrl": button.gateway_url,
        "appKey": button.app_key,
        "callee": button.callee,
        "sip": {
            "login": button.sip_login,
            "authName": button.sip_auth_name,
            "passwordSet": bool(button.sip_password),
            "domain": button.sip_domain,
            "outboundProxy": button.sip_outbound_proxy,
            "port": button.sip_port,
            "register": button.sip_register,
        },
        "appearance": appearance(button),
        "hours": {
            "text": format_hours(button.schedule),
            "timezone": button.timezone,
            "schedule": dict(button.schedule),
            "holidays": list(button.holidays),
            "closedMessage": button.closed_message,
            "fallback": button.fallback,
        },
        "dtmf": button.dtmf,
        "killSwitch": button.kill_switch,
        "tokenLimits": dict(button.token_limits or {}),
        "limits": call_limits.describe(button),
        "visitor": {
            "precheck": button.precheck,
            "callback": button.callback,
            "consentText": button.consent_text,
            "rating": button.rating,
        },
        "createdAt": button.created_at.isoformat() if button.created_at else None,
        "updatedAt": button.updated_at.isoformat() if button.updated_at else None,
    }


def appearance(button: Button) -> dict[str, Any]:
    """Return what the public button config shows: looks and texts, nothing secret."""
    return {
        "label": button.label,
        "color": button.color,
        "textColor": button.text_color,
        "position": button.position,
        "language": button.language,
        "texts": dict(button.texts or {}),
    }
