"""The CLI face: the `flask …` command groups that operators run on the server."""

from __future__ import annotations

from flask import Flask

from callgate.cli import (
    cmd_apikeys,
    cmd_audit,
    cmd_button,
    cmd_button_manage,
    cmd_callbacks,
    cmd_calls,
    cmd_db,
    cmd_killswitch,
    cmd_routes,
    cmd_secrets,
    cmd_users,
    cmd_users_links,
    cmd_visitors,
    cmd_watchdog,
)

cmd_button_manage.attach(cmd_button.cli)
cmd_routes.attach(cmd_button.cli)
cmd_watchdog.attach(cmd_calls.cli)
cmd_users_links.attach(cmd_users.cli)
GROUPS = (
    cmd_apikeys.cli,
    cmd_audit.cli,
    cmd_button.cli,
    cmd_callbacks.cli,
    cmd_calls.cli,
    cmd_db.cli,
    cmd_killswitch.cli,
    cmd_users.cli,
    cmd_users.workspaces_cli,
    cmd_visitors.cli,
)


def init_app(app: Flask) -> None:
    """Add every command group to `flask`."""
    for group in (*GROUPS, cmd_secrets.cli):
        app.cli.add_command(group)
