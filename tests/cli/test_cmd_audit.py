"""`flask audit list` and the CLI's changes: each one audited as made by `cli`, with its fields."""

from __future__ import annotations

import json

from tests.cli.test_cmd_button import create_args


def audit(runner) -> list[dict]:
    result = runner.invoke(args=["audit", "list", "--json"])
    assert result.exit_code == 0, result.output
    return list(reversed(json.loads(result.output)))


def test_every_change_from_the_cli_is_audited_with_its_fields(runner):
    made = runner.invoke(args=[*create_args(), "--sip-password-stdin", "--json"], input="pw-1\n")
    button_id = json.loads(made.output)["id"]
    steps = [
        ["button", "update", button_id, "--callee", "7002", "--origin", "https://b.example.com"],
        ["button", "update", button_id, "--sip-password-stdin"],
        ["button", "disable", button_id],
        ["killswitch", "on", "--button", button_id],
        ["killswitch", "on"],
        ["button", "delete", button_id, "--yes"],
    ]
    for args in steps:
        result = runner.invoke(args=args, input="pw-2\n")
        assert result.exit_code == 0, result.output
    rows = [(e["action"], e["actor"], e["details"]["changes"]) for e in audit(runner)]
    assert [(action, actor) for action, actor, _ in rows] == [
        ("button.create", "cli"),
        ("button.update", "cli"),
        ("button.update", "cli"),
        ("button.update", "cli"),
        ("killswitch", "cli"),
        ("killswitch", "cli"),
        ("button.delete", "cli"),
    ]
    assert rows[1][2] == {
        "origins": [["https://shop.example.com"], ["https://b.example.com"]],
        "callee": ["7001", "7002"],
    }
    assert rows[2][2] == {"sip_password": "changed"}
    assert rows[3][2] == {"enabled": [True, False]}
    assert rows[4][2] == {"kill_switch": [False, True]}
    assert rows[5][2] == {"global_kill_switch": [False, True]}
    assert "pw-1" not in json.dumps(rows) and "pw-2" not in json.dumps(rows)


def test_the_text_list_says_who_made_each_change(runner):
    runner.invoke(args=["killswitch", "on"])
    text = runner.invoke(args=["audit", "list"]).output
    header, row = text.splitlines()[:2]
    assert "BY" in header.split()
    assert row.split()[1:5] == ["killswitch", "done", "-", "cli"]
