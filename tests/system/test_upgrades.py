"""Upgrades: a database made by the first schema (0001), with a row in each of its tables, goes
through every migration to the newest with `callgate db upgrade`, as the README's steps say,
and keeps its data."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from callgate.db.migrate import alembic_config
from tests import databases

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 26, 10, 0)
ROWS = {
    "buttons": {
        "id": "b0001",
        "name": "From 0.1",
        "origins": '["https://shop.example.com"]',
        "gateway_url": "wss://gw.example.com:8443",
        "app_key": "callgate",
        "callee": "7001",
        "sip_login": "webcall-7001",
        "sip_auth_name": None,
        "sip_password": "plain-from-0001",
        "sip_domain": "pbx.example.com",
        "sip_outbound_proxy": None,
        "sip_port": 5060,
        "sip_register": False,
        "enabled": True,
        "created_at": AT,
        "updated_at": AT,
    },
    "wcs_sessions": {
        "session_id": "/203.0.113.7:40000/198.51.100.1:8443",
        "jti": "jti-0001",
        "button_id": "b0001",
        "origin": "https://shop.example.com",
        "visitor_ip": "203.0.113.0",
        "node_id": "node-1",
        "status": "DISCONNECTED",
        "opened_at": AT,
        "closed_at": AT,
    },
    "calls": {
        "call_id": "call-0001",
        "session_id": "/203.0.113.7:40000/198.51.100.1:8443",
        "button_id": "b0001",
        "callee": "7001",
        "created_at": AT,
        "established_at": AT,
        "finished_at": AT,
        "final_status": "FINISH",
        "talk_seconds": 42.5,
    },
    "call_events": {
        "session_id": "/203.0.113.7:40000/198.51.100.1:8443",
        "call_id": "call-0001",
        "method": "CallStatusEvent",
        "status": "FINISH",
        "info": "Normal call clearing",
        "at": AT,
    },
}


def insert(url: str, rows: dict[str, dict]) -> None:
    engine = databases.raw_engine(url)
    with engine.begin() as connection:
        for table, row in rows.items():
            names = ", ".join(row)
            connection.execute(
                text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in row)})"),
                row,
            )
    engine.dispose()


def stored(url: str, table: str, columns: list[str]) -> dict:
    engine = databases.raw_engine(url)
    with engine.connect() as connection:
        row = connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).one()
    engine.dispose()
    return dict(zip(columns, row, strict=True))


def test_the_first_schema_with_data_upgrades_to_the_newest(make_app, empty_database_url, tmp_path):
    url = empty_database_url
    command.upgrade(alembic_config(url), "0001")
    insert(url, ROWS)
    runner = make_app(DATABASE_URL=url).test_cli_runner()
    backed_up = runner.invoke(args=["db", "backup", str(tmp_path / "before-upgrade")])
    assert backed_up.output.startswith("backed up at revision 0001 to "), backed_up.output
    assert runner.invoke(args=["db", "check"]).exit_code == 1
    result = runner.invoke(args=["db", "upgrade"])
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    said = f"migrated the database from revision 0001 to {head}\n"
    assert (result.exit_code, result.output) == (0, said)
    assert runner.invoke(args=["db", "check"]).output == "database is up to date\n"
    assert stored(url, "alembic_version", ["version_num"]) == {"version_num": head}
    for table, row in ROWS.items():
        plain = [c for c, v in row.items() if not isinstance(v, datetime) and c != "origins"]
        kept = stored(url, table, plain)
        assert kept == {k: v for k, v in row.items() if k in kept}, table
    checked_by_the_app(make_app(DATABASE_URL=url))


def checked_by_the_app(app) -> None:
    """The upgraded rows read back through the CLI, new columns at their defaults."""
    runner = app.test_cli_runner()
    rotated = runner.invoke(args=["secrets", "rotate"])
    assert rotated.exit_code == 0, rotated.output
    shown = json.loads(runner.invoke(args=["button", "show", "b0001", "--json"]).output)
    assert (shown["name"], shown["origins"], shown["callee"]) == (
        "From 0.1",
        ["https://shop.example.com"],
        "7001",
    )
    assert (shown["workspaceId"], shown["createdAt"]) == (1, "2026-11-26T10:00:00+00:00")
    [call] = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    assert (call["callId"], call["finalStatus"], call["talkSeconds"]) == (
        "call-0001",
        "FINISH",
        42.5,
    )
    assert call["startedAt"].startswith(AT.replace(tzinfo=UTC).isoformat()[:19])


def test_the_readme_upgrade_steps_are_what_the_test_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Upgrades", 1)[1].split("\n### ", 1)[0]
    steps = re.findall(r"callgate (db \w+)", section)
    assert steps[:3] == ["db backup", "db upgrade", "db check"]
