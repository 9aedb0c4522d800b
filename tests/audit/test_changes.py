"""Configuration changes in the trail: one row per change, with who, which fields, old → new."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from callgate.audit.changes import SECRET, check_actor, diff
from callgate.buttons.store import create_button, delete_button, get_button, update_button
from callgate.db import get_db
from callgate.db.accounts import Workspace
from callgate.db.models import AuditEvent
from callgate.guardrails.killswitch import switch
from tests.data import BUTTON, SIP_PASSWORD


def changes(app, action: str | None = None) -> list[AuditEvent]:
    """Return the change rows (those naming an actor), oldest first."""
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.actor.is_not(None)).order_by(AuditEvent.id)
        rows = list(get_db().scalars(query))
    return [row for row in rows if action is None or row.action == action]


def test_diff_names_each_changed_field_with_old_and_new_and_hides_secrets():
    old = {"callee": "7001", "origins": ["https://a.example"], "sip_password": "gAAA1", "port": 1}
    new = {"callee": "+4930901820", "origins": ["https://a.example"], "sip_password": "gAAA2"}
    assert diff(old, new, ("sip_password",)) == {
        "callee": ["7001", "+4930901820"],
        "sip_password": SECRET,
        "port": [1, None],
    }
    assert diff(old, old, ("sip_password",)) == {}


@pytest.mark.parametrize("actor", ["cli", "user:ann@example.com", "apikey:shop-sync"])
def test_the_three_kinds_of_actor_are_accepted(actor):
    assert check_actor(actor) == actor


@pytest.mark.parametrize("actor", ["", "root", "user:", "apikey:", "user: x", "CLI", None, 3])
def test_anything_else_is_not_an_actor(actor):
    with pytest.raises(ValueError):
        check_actor(actor)


def test_creating_a_button_records_its_values_but_never_its_password(app):
    with app.app_context():
        button = create_button(get_db(), dict(BUTTON), actor="apikey:shop-sync")
    [row] = changes(app)
    assert (row.action, row.outcome, row.actor, row.button_id) == (
        "button.create",
        "done",
        "apikey:shop-sync",
        button.id,
    )
    said = row.details["changes"]
    assert said["callee"] == [None, "7001"] and said["sip_password"] == SECRET
    assert said["max_concurrent"] == [None, 2] and said["precheck"] == [None, True]
    assert SIP_PASSWORD not in json.dumps(row.details) and "gAAA" not in json.dumps(row.details)


def test_a_change_names_only_the_fields_that_changed(app, button):
    with app.app_context():
        update_button(
            get_db(),
            button.id,
            {"callee": "+4930901820", "sip_password": "new-secret", "name": button.name},
            actor="user:ann@example.com",
        )

    [row] = changes(app)
    assert (row.action, row.actor, row.reason) == (
        "button.update",
        "user:ann@example.com",
        "changed callee, sip_password",
    )
    assert row.details == {
        "changes": {"callee": ["7001", "+4930901820"], "sip_password": SECRET},
        "say": {"code": "button_changed", "params": {}},
    }


def test_saving_without_a_change_writes_no_row(app, button):
    with app.app_context():
        update_button(get_db(), button.id, {"name": button.name}, actor="cli")
    assert changes(app) == []


def test_moving_to_another_workspace_is_one_row_with_the_change(app, button):
    with app.app_context():
        db = get_db()
        other = Workspace(name="Other")
        db.add(other)
        db.commit()
        update_button(db, button.id, {"daily_calls": 5}, workspace_id=other.id, actor="cli")
    [row] = changes(app)
    assert row.details["changes"] == {"daily_calls": [100, 5], "workspace_id": [1, other.id]}


def test_deleting_keeps_the_last_values_in_the_trail(app, button):
    with app.app_context():
        delete_button(get_db(), button.id, actor="cli")
    [row] = changes(app)
    assert (row.action, row.reason, row.button_id) == ("button.delete", "deleted Sales", button.id)
    assert row.details["changes"]["callee"] == ["7001", None]
    assert row.details["changes"]["sip_password"] == SECRET


@pytest.mark.parametrize("scope", ["global", "button"])
def test_the_kill_switch_row_names_who_threw_it(app, button, scope):
    with app.app_context():
        switch(get_db(), True, button.id if scope == "button" else None, actor="cli")
        switch(get_db(), False, button.id if scope == "button" else None, actor="user:a@b.example")
    on, off = changes(app, "killswitch")
    field = "kill_switch" if scope == "button" else "global_kill_switch"
    code = "kill_switch_button" if scope == "button" else "kill_switch_global"
    assert (on.actor, on.details) == (
        "cli",
        {"changes": {field: [False, True]}, "say": {"code": code, "params": {"state": "on"}}},
    )
    assert (off.actor, off.details) == (
        "user:a@b.example",
        {"changes": {field: [True, False]}, "say": {"code": code, "params": {"state": "off"}}},
    )
    assert on.reason == f"{'button' if scope == 'button' else 'global'} kill switch on"


def test_a_refused_change_leaves_neither_the_change_nor_a_row(app, button):
    with app.app_context(), pytest.raises(Exception, match="not an actor"):
        update_button(get_db(), button.id, {"callee": "+4930901820"}, actor="nobody")
    with app.app_context():
        get_db().rollback()
        assert get_button(get_db(), button.id).callee == "7001"
    assert changes(app) == []
