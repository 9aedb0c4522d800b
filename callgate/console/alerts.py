"""Alerts to the owner: where a workspace's alerts go (`/console/alerts`). Anyone may send
alerts of a workspace they see to their own e-mail address; editors and admins may also send
them to another address, a Slack-compatible webhook or a Telegram chat, and remove any."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue

from callgate.accounts import workspaces
from callgate.accounts.workspaces import NotPermitted
from callgate.addresses import parse_networks
from callgate.alerts import channels
from callgate.alerts.kinds import KINDS
from callgate.console import access
from callgate.console.base import page
from callgate.console.i18n import language
from callgate.db import get_db
from callgate.db.alerts import AlertChannel
from callgate.errors import CallgateError

bp = Blueprint("alerts", __name__)
#: The form's "send to" choices: a person's own e-mail, or a workspace's channel.
SEND_TO = ("me", "email", "slack", "telegram")


def _show(status: int = 200, **values: object) -> tuple[str, int]:
    rows = channels.list_in(get_db(), access.visible_workspaces())
    editing = set(workspaces.editable(get_db(), access.user()))
    return page(
        "alerts.html",
        status,
        rows=rows,
        removable={row.id for row in rows if _may_remove(row, editing)},
        names=access.workspace_names(),
        visible=access.visible_workspaces(),
        kinds=KINDS,
        editing=editing,
        smtp=bool(current_app.config["SMTP_HOST"]),
        values=values.pop("values", {"send_to": "me", "digest": "0", **dict.fromkeys(KINDS, "on")}),
        error=values.pop("error", None),
    )


def _may_remove(row: AlertChannel, editing: set[int]) -> bool:
    return row.workspace_id in editing or row.user_id == access.user().id


@bp.get("/alerts")
def index() -> ResponseReturnValue:
    """List the alert channels of the workspaces the user sees, and the form to add one."""
    return _show()


@bp.post("/alerts")
def add() -> ResponseReturnValue:
    """Add an alert channel from the form, or show the form again with the reason."""
    form = request.form
    workspace_id, fields = _fields()  # a workspace the user may not use: 403, not the form
    try:
        who = (access.actor(), access.user().id, language())
        allowed = parse_networks(current_app.config["WEBHOOK_ALLOW_CIDRS"])
        smtp = bool(current_app.config["SMTP_HOST"])
        channels.add_channel(get_db(), workspace_id, fields, who, (allowed, smtp))
    except CallgateError as exc:
        get_db().rollback()
        return _show(400, values=form.to_dict(), error=exc.message)
    return redirect(url_for("console.alerts.index", added=1))


def _fields() -> tuple[int, dict[str, object]]:
    """Read the form: the workspace (checked against the user's role) and the channel."""
    form, send_to = request.form, request.form.get("send_to")
    raw = form.get("workspace", "")
    workspace_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1
    role = workspaces.role_in(get_db(), access.user(), workspace_id)
    if role is None or (send_to != "me" and role not in ("admin", "editor")):
        raise NotPermitted("your role in this workspace does not let you add this alert")
    digest = form.get("digest", "0").strip() or "0"
    fields: dict[str, object] = {
        "alerts": [kind for kind in KINDS if form.get(kind)],
        "digestMinutes": int(digest)
        if digest.isascii() and digest.isdigit() and len(digest) < 6
        else digest,
        "includePhoneNumbers": form.get("phones") == "on" and role in ("admin", "editor"),
    }
    if send_to == "me":
        return workspace_id, fields | {"kind": "email"}
    found = {"email": {"address": form.get("address", "").strip()}}
    found["slack"] = {"url": form.get("url", "").strip()}
    found["telegram"] = {"botToken": form.get("bot_token", "").strip()}
    found["telegram"]["chatId"] = form.get("chat_id", "").strip()
    return workspace_id, fields | {"kind": send_to} | found.get(str(send_to), {})


@bp.post("/alerts/<int:channel_id>/remove")
def remove(channel_id: int) -> ResponseReturnValue:
    """Remove an alert channel (its unsent alerts with it); audited."""
    editing = set(workspaces.editable(get_db(), access.user()))
    row = get_db().get(AlertChannel, channel_id) if channel_id < 2**31 else None
    visible = access.visible_workspaces()
    if row is not None and row.workspace_id in visible and not _may_remove(row, editing):
        raise NotPermitted("your role in this workspace is read-only")
    channels.remove(get_db(), channel_id, visible, access.actor())
    return redirect(url_for("console.alerts.index", removed=1))
