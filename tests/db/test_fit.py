"""Every value written is checked against its column; the limits are read from the models.

The column list comes from `Base.metadata`, so a table or column added anywhere (any module
under db/) is covered here without being named: a value one character too long is a clear
TooLong, on SQLite (which would store it) and PostgreSQL (which would fail the transaction);
a value exactly at the limit is stored whole, which checks that the database's column is as
long as the model says.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime

import pytest
from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, select

from callgate.audit.trail import list_events, record
from callgate.buttons.validate import clean
from callgate.db import get_db
from callgate.db.fit import TooLong, limit
from callgate.db.models import AuditEvent, Base, Button, WcsSession
from callgate.errors import InvalidInput
from tests.cli.test_cmd_button import create_args
from tests.data import ORIGIN
from tests.wcs import session_id

# Every module under db/ that defines tables, so none of them can be left out by import order.
for module in pkgutil.iter_modules(importlib.import_module("callgate.db").__path__):
    importlib.import_module(f"callgate.db.{module.name}")
COLUMNS = [
    (table.name, column.name)
    for table in Base.metadata.sorted_tables
    for column in table.columns
    if isinstance(column.type, String) and column.type.length
]
MAPPERS = {mapper.local_table.name: mapper for mapper in Base.registry.mappers}


def sample(column) -> object:
    """A value of the column's type that fits it."""
    kinds = ((String, "x"), (Integer, 1), (Boolean, False), (Float, 0.0), (JSON, {}))
    if isinstance(column.type, DateTime) or "DateTime" in type(column.type).__name__:
        return datetime(2026, 12, 1, tzinfo=UTC)
    return next((value for kind, value in kinds if isinstance(column.type, kind)), "x")


def row(db, table_name: str, column_name: str | None, value: str | None) -> object:
    """A row of the table with every column filled and `column_name` set to `value`.

    A foreign key points at an existing row of its table, made first if there is none.
    """
    mapper = MAPPERS[table_name]
    values = {}
    for column in mapper.local_table.columns:
        if column.primary_key and column.autoincrement is True:
            continue  # the database numbers it (a fixed id could meet a row a migration made)
        key = mapper.get_property_by_column(column).key
        if column.name == column_name:
            values[key] = value
        elif column.foreign_keys:
            values[key] = parent_key(db, column)
        else:
            values[key] = sample(column)
    return mapper.class_(**values)


def parent_key(db, column) -> object:
    """Return a key the foreign key `column` may hold: an existing row's, or a new one's."""
    [foreign] = column.foreign_keys
    target = foreign.column
    found = db.execute(select(target).limit(1)).scalar()
    if found is not None:
        return found
    parent = row(db, target.table.name, None, None)
    db.add(parent)
    db.flush()
    return getattr(parent, MAPPERS[target.table.name].get_property_by_column(target).key)


def test_every_string_column_has_a_length():
    assert len(COLUMNS) > 30
    unbounded = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String) and not column.type.length
    ]
    # Text: Fernet tokens, sealed by us (a SIP password, a TOTP secret, an identity secret, a
    # webhook signing secret, an alert channel's bot token or URL), and what our own code wrote:
    # the stored answer of an idempotent API request, a webhook message's body, an alert's data.
    assert sorted(unbounded) == [
        "alert_channels.secret",
        "alert_messages.data",
        "api_idempotency.body",
        "button_identity_secrets.secret",
        "buttons.sip_password",
        "users.totp_secret",
        "webhook_endpoints.secret",
        "webhook_outbox.body",
    ]


@pytest.mark.parametrize(("table", "column"), COLUMNS, ids=[".".join(c) for c in COLUMNS])
def test_one_character_too_long_is_refused_and_the_limit_is_stored_whole(app, table, column):
    length = MAPPERS[table].local_table.columns[column].type.length
    with app.app_context():
        db = get_db()
        db.add(row(db, table, column, "y" * (length + 1)))
        with pytest.raises(TooLong, match=rf"{table}\.{column} is longer than {length} characters"):
            db.flush()
        db.rollback()
        db.add(row(db, table, column, "y" * length))
        db.commit()
        stored = MAPPERS[table].local_table.columns[column]
        assert db.execute(select(stored).where(stored == "y" * length)).scalar() == "y" * length


BUTTON_TEXT = (
    *("name", "gateway_url", "app_key", "callee", "sip_login", "sip_auth_name", "sip_domain"),
    *("sip_outbound_proxy", "label", "closed_message", "fallback", "timezone", "color"),
    *("text_color", "position", "language", "consent_text"),
)


def test_every_button_text_column_is_checked_by_the_button_rules():
    columns = {name for table, name in COLUMNS if table == "buttons"} - {"id"}
    assert columns == set(BUTTON_TEXT)


@pytest.mark.parametrize("field", BUTTON_TEXT)
def test_button_fields_too_long_for_their_column_get_a_clear_error(field):
    too_long = "a" * (limit(getattr(Button, field)) + 1)
    with pytest.raises(InvalidInput) as caught:
        clean({field: too_long})
    assert not isinstance(caught.value, TooLong)
    # A clear line, not the value echoed back (colours and choices name their format).
    assert len(caught.value.message) < 200


def test_an_over_long_gateway_url_is_a_clear_cli_error(runner):
    url = "wss://gw.example.com/" + "p" * 500
    result = runner.invoke(
        args=[*create_args({"--gateway-url": url}), "--sip-password-stdin"], input="pw\n"
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: gateway URL is longer than 500 characters\n",
    )


def test_a_long_button_id_on_the_token_endpoint_keeps_its_audit_row(app, client):
    button_id = "b" * 100
    response = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    assert response.status_code == 404
    with app.app_context():
        [event] = list_events(get_db())
    assert (event["action"], event["outcome"], event["buttonId"]) == ("token", "refused", "b" * 32)


def test_a_long_node_id_is_cut_and_the_connect_goes_through(app, button, wcs, get_token):
    sid = session_id()
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid, nodeId="n" * 300)
    assert wcs.post("connect", body).status_code == 200
    with app.app_context():
        assert get_db().get(WcsSession, sid).node_id == "n" * 200


def test_a_long_status_is_a_400_not_a_503(button, wcs, get_token):
    sid = session_id()
    wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    response = wcs.post("ConnectionStatusEvent", wcs.event_body(sid, "E" * 33))
    assert (response.status_code, response.get_json()) == (
        400,
        {"status": 400, "reason": "bad status"},
    )


def test_audit_fields_are_cut_to_their_columns(app, client):
    with app.app_context():
        record(get_db(), "a" * 40, "refused", "r" * 400, button_id="b" * 40, source="s" * 70)
        event = get_db().scalar(select(AuditEvent))
    assert (len(event.action), len(event.reason), len(event.button_id), len(event.source)) == (
        32,
        300,
        32,
        64,
    )


@pytest.mark.parametrize(
    ("given", "stored"),
    [("a\x00b", "a\ufffdb"), ("a\ud800b\udfff", "a\ufffdb\ufffd"), ("a\r\nb 😀", "a\r\nb 😀")],
)
def test_recorded_text_is_made_storable(app, given, stored):
    with app.app_context():
        record(get_db(), "api", "refused", given, button_id=given)
        event = get_db().scalar(select(AuditEvent))
    assert (event.reason, event.button_id) == (stored, stored)
