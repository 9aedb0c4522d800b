"""Revision 0006 keeps every row and puts existing buttons in the default workspace."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from callgate.db import make_engine
from callgate.db.migrate import alembic_config

BUTTON_ROW = (
    "INSERT INTO buttons (id, name, origins, gateway_url, app_key, callee, sip_login, "
    "sip_password, sip_port, sip_register, enabled, color, text_color, position, language, "
    "texts, created_at, updated_at) VALUES ('old', 'Old button', '[]', 'wss://gw', 'callgate', "
    "'7001', 'l', 'pw', 5060, false, true, '#000000', '#ffffff', 'bottom-right', 'auto', '{}', "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
)


def test_existing_buttons_land_in_the_default_workspace(empty_database_url):
    url = empty_database_url
    config = alembic_config(url)
    command.upgrade(config, "0003")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(BUTTON_ROW))
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, name, workspace_id FROM buttons")).all()
        workspaces = connection.execute(text("SELECT id, name FROM workspaces")).all()
    assert [tuple(r) for r in rows] == [("old", "Old button", 1)]
    assert [tuple(w) for w in workspaces] == [(1, "Default")]
    command.check(config)
    engine.dispose()


def test_downgrade_and_upgrade_again(empty_database_url):
    url = empty_database_url
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "0003")
    command.upgrade(config, "head")
    command.check(config)
