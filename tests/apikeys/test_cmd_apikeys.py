"""`flask apikeys create|list|revoke`."""

from __future__ import annotations

import json

from callgate.apikeys import use
from callgate.apikeys.keys import KeyRefused


def invoke(runner, *args):
    return runner.invoke(args=["apikeys", *args])


def test_create_with_json_prints_id_name_and_the_key_once(app, runner, db):
    result = invoke(runner, "create", "--name", "crm", "--scope", "buttons:read", "--json")
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    assert set(made) == {"id", "name", "key"} and made["name"] == "crm"
    assert use.authenticate(db, made["key"]).scopes == ["buttons:read"]
    listed = invoke(runner, "list", "--json")
    assert made["key"] not in listed.output
    assert json.loads(listed.output)[0]["state"] == "active"


def test_create_in_a_workspace_with_several_scopes_and_an_expiry(runner, people):
    args = ["--workspace", "Other", "--name", "n", "--scope", "calls:read"]
    result = invoke(runner, "create", *args, "--scope", "buttons:write", "--expires", "2099-01-31")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("cg_")
    (row,) = json.loads(invoke(runner, "list", "--workspace", "Other", "--json").output)
    assert row["scopes"] == ["calls:read", "buttons:write"]
    assert row["expiresAt"].startswith("2099-01-31T23:59:59")
    assert json.loads(invoke(runner, "list", "--workspace", "Default", "--json").output) == []


def test_bad_scope_and_unknown_workspace_are_one_line_errors(runner):
    bad = invoke(runner, "create", "--name", "n", "--scope", "root")
    assert bad.exit_code == 2 and "root" in bad.output
    missing = invoke(
        runner, "create", "--workspace", "Nope", "--name", "n", "--scope", "calls:read"
    )
    assert (missing.exit_code, missing.output) == (1, "Error: no workspace 'Nope'\n")


def test_revoke_stops_the_key(runner, db):
    made = json.loads(
        invoke(runner, "create", "--name", "a", "--scope", "calls:read", "--json").output
    )
    result = invoke(runner, "revoke", str(made["id"]))
    assert (result.exit_code, result.output) == (0, f"Key {made['id']} (a) revoked.\n")
    try:
        use.authenticate(db, made["key"])
    except KeyRefused as exc:
        assert exc.code == "key_revoked"
    else:
        raise AssertionError("a revoked key still works")
    assert "revoked" in invoke(runner, "list").output
