"""Create, read, change and remove buttons in the database."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.audit.changes import diff, record_change
from callgate.audit.say import said
from callgate.buttons import call_limits, sip_binding, validate
from callgate.buttons.callee import CalleeRules
from callgate.buttons.changes import SECRETS, snapshot
from callgate.buttons.fields import FIELDS
from callgate.buttons.schedule import format_hours
from callgate.db import rollups
from callgate.db.accounts import DEFAULT_WORKSPACE_ID, Workspace
from callgate.db.ids import plain_id, public_id
from callgate.db.models import Button
from callgate.errors import NotFound
from callgate.vault.stored import seal

#: What a new button gets for a field it is made without (the field table's defaults).
DEFAULTS: dict[str, object] = {f.name: f.default for f in FIELDS if f.default is not None}
#: The fields a new button must be given.
REQUIRED = tuple(field.name for field in FIELDS if field.required)


def new_values() -> dict[str, object]:
    """Return what a new button made without a field gets for it: every face's one default.

    Copies of DEFAULTS (hours, limits, switches, looks), safe to change; a form shows these.
    """
    return copy.deepcopy(DEFAULTS)


def new_button_id() -> str:
    """Return a random, unguessable, URL-safe public id (128 bits) that does not start with "-"."""
    return public_id(16)


def create_button(
    db: Session,
    fields: dict[str, object],
    callee_rules: CalleeRules | None = None,
    workspace_id: int = DEFAULT_WORKSPACE_ID,
    *,
    actor: str | None = None,
) -> Button:
    """Validate `fields`, store a new enabled button (SIP password encrypted) and return it.

    The button belongs to `workspace_id` (the default workspace unless said otherwise). With
    `actor` (who asked, see audit/changes.py), its audit row is committed with it.
    """
    missing = [name for name in REQUIRED if fields.get(name) in (None, "", [], ())]
    if missing:
        raise validate.ButtonError(
            f"missing {', '.join(missing)}", code="missing_fields", names=missing
        )
    values = new_values() | validate.clean(
        {k: v for k, v in fields.items() if v is not None}, callee_rules
    )
    password = values["sip_password"]
    assert isinstance(password, str), "validate.clean checks it as text"
    values["sip_password"] = seal(db, password)
    button = Button(id=new_button_id(), workspace_id=workspace_id, **values)
    db.add(button)
    if actor is not None:
        changes = diff({}, snapshot(button, set_only=True), SECRETS)
        reason, say = f"created {button.name}", said("button_created", name=button.name)
        record_change(db, "button.create", actor, changes, reason, say, button_id=button.id)
    db.commit()
    return button


def get_button(db: Session, button_id: str, *, enabled_only: bool = False) -> Button:
    """Return the button with `button_id`; raise NotFound if absent (or disabled, if asked)."""
    button = db.get(Button, button_id) if plain_id(button_id) else None
    if button is None or (enabled_only and not button.enabled):
        raise NotFound(
            f"no button {button_id!r}", reason="no_button", params={"id": button_id[:64]}
        )
    return button


def list_buttons(db: Session, workspace_ids: list[int] | None = None) -> list[Button]:
    """Return all buttons (or those of `workspace_ids`), oldest first."""
    query = select(Button).order_by(Button.created_at, Button.id)
    if workspace_ids is not None:
        query = query.where(Button.workspace_id.in_(workspace_ids))
    return list(db.scalars(query))


def move_button(
    db: Session, button_id: str, workspace_id: int, *, actor: str | None = None
) -> Button:
    """Put the button into another workspace (which must exist); return it."""
    return update_button(db, button_id, {}, workspace_id=workspace_id, actor=actor)


def update_button(
    db: Session,
    button_id: str,
    changes: dict[str, object],
    callee_rules: CalleeRules | None = None,
    *,
    workspace_id: int | None = None,
    actor: str | None = None,
) -> Button:
    """Validate and apply `changes` (None values are left alone); return the button.

    A new SIP password is stored encrypted; `workspace_id` (which must exist) moves the button.
    Moving the SIP account or host without giving the password again raises ButtonError
    `sip_password_required` (buttons/sip_binding.py). With `actor`, the audit row naming each
    changed field is committed with the change.
    """
    button = get_button(db, button_id)
    before = snapshot(button)
    values = validate.clean({k: v for k, v in changes.items() if v is not None}, callee_rules)
    sip_binding.check_destination(button, values)
    if "sip_password" in values:
        password = values["sip_password"]
        assert isinstance(password, str), "validate.clean checks it as text"
        values["sip_password"] = seal(db, password)
    if workspace_id is not None and workspace_id != button.workspace_id:
        if db.get(Workspace, workspace_id) is None:
            raise NotFound(f"no workspace {workspace_id!r}")
        values["workspace_id"] = workspace_id
        rollups.forget(db)  # its sealed figures were counted in its old workspace
    for name, value in values.items():
        setattr(button, name, value)
    changed = diff(before, snapshot(button), SECRETS)
    if actor is not None and changed:
        reason, say = f"changed {', '.join(changed)}", said("button_changed")
        record_change(db, "button.update", actor, changed, reason, say, button_id=button.id)
    db.commit()
    return button


def delete_button(db: Session, button_id: str, *, actor: str | None = None) -> None:
    """Remove a button; its call log stays. With `actor`, its last values are audited."""
    button = get_button(db, button_id)
    if actor is not None:
        changes = diff(snapshot(button, set_only=True), {}, SECRETS)
        reason, say = f"deleted {button.name}", said("button_deleted", name=button.name)
        record_change(db, "button.delete", actor, changes, reason, say, button_id=button.id)
    db.delete(button)
    rollups.forget(db)  # the overview counts only existing buttons' calls
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
        "relayOnly": button.relay_only,
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
