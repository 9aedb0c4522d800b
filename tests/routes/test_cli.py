"""`flask button route …` and `flask button context`: the owner's routes from the shell."""

from __future__ import annotations

import json


def run(runner, *args: str):
    return runner.invoke(args=list(args))


def test_add_update_list_remove(runner, button):
    added = run(
        runner,
        "button",
        "route",
        "add",
        button.id,
        "--label",
        "Sales",
        "--callee",
        "7002",
        "--json",
    )
    assert added.exit_code == 0, added.output
    sales = json.loads(added.output)
    support = json.loads(
        run(
            runner,
            "button",
            "route",
            "add",
            button.id,
            "--label",
            "Support",
            "--callee",
            "+74951234567",
            "--hours",
            "mon-fri 09:00-18:00",
            "--ring-time",
            "20",
            "--overflow",
            sales["id"],
            "--json",
        ).output
    )
    assert support["overflow"] == sales["id"] and support["ringSeconds"] == 20
    assert support["schedule"]["mon"] == ["09:00-18:00"]
    updated = run(
        runner,
        "button",
        "route",
        "update",
        button.id,
        support["id"],
        "--label-ru",
        "Поддержка",
        "--json",
    )
    assert json.loads(updated.output)["labelRu"] == "Поддержка"
    listed = json.loads(run(runner, "button", "route", "list", button.id, "--json").output)
    assert [r["label"] for r in listed] == ["Sales", "Support"]
    assert run(runner, "button", "route", "remove", button.id, sales["id"]).exit_code == 0
    listed = json.loads(run(runner, "button", "route", "list", button.id, "--json").output)
    assert [(r["label"], r["overflow"]) for r in listed] == [("Support", None)]


def test_bad_values_are_one_line_errors(runner, button):
    for args in (
        ["--label", "A", "--callee", "+88213000000"],
        ["--label", "A", "--callee", "7001", "--ring-time", "500"],
        ["--label", "A", "--callee", "7001", "--hours", "someday"],
        ["--label", "A", "--callee", "7001", "--overflow", "nope"],
    ):
        result = run(runner, "button", "route", "add", button.id, *args)
        assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
        assert "Traceback" not in result.output
    assert run(runner, "button", "route", "list", button.id).output.strip() == "none"
    missing = run(runner, "button", "route", "update", button.id, "nope", "--label", "B")
    assert missing.exit_code == 1


def test_context_settings(runner, button):
    shown = json.loads(run(runner, "button", "context", button.id, "--json").output)
    assert shown == {"askName": "off", "recording": "off"}
    changed = run(
        runner,
        "button",
        "context",
        button.id,
        "--ask-name",
        "required",
        "--recording",
        "if-consented",
        "--json",
    )
    assert json.loads(changed.output) == {"askName": "required", "recording": "if-consented"}
    assert run(runner, "button", "context", button.id, "--recording", "always").exit_code == 2


def test_a_route_id_never_reads_as_an_option(runner, button, monkeypatch):
    drawn = iter(["-xWLy51bhwsV", "aWLy51bhwsV-"])
    monkeypatch.setattr("callgate.db.ids.secrets.token_urlsafe", lambda n: next(drawn))
    added = run(runner, "button", "route", "add", button.id, "--label", "A", "--callee", "7002")
    assert added.exit_code == 0, added.output
    route_id = run(runner, "button", "route", "list", button.id, "--json").output
    assert json.loads(route_id)[0]["id"] == "aWLy51bhwsV-"
    assert run(runner, "button", "route", "remove", button.id, "aWLy51bhwsV-").exit_code == 0
