"""`flask button create|update --token-limit KIND=LIMITS`: a button's own token limits."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.store import get_button
from callgate.db import get_db
from tests.cli.test_cmd_button import create_args


def run(runner, *args: str, input: str | None = None):
    return runner.invoke(args=list(args), input=input)


def created(runner, *limits: str) -> dict:
    result = run(runner, *create_args(), *limits, "--sip-password-stdin", "--json", input="pw\n")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_create_stores_the_limits(app, runner):
    data = created(runner, "--token-limit", "ip=5/minute;30/day", "--token-limit", "button=500/day")
    assert data["tokenLimits"] == {"ip": "5/minute;30/day", "button": "500/day"}
    with app.app_context():
        stored = get_button(get_db(), data["id"]).token_limits
    assert stored == {"ip": "5/minute;30/day", "button": "500/day"}


def test_create_without_limits_uses_the_defaults(runner):
    assert created(runner)["tokenLimits"] == {}


def test_update_merges_and_kind_equals_nothing_removes(runner):
    button_id = created(runner, "--token-limit", "ip=5/minute", "--token-limit", "button=9/day")[
        "id"
    ]
    result = run(
        runner, "button", "update", button_id, "--token-limit", "prefix=40/minute",
        "--token-limit", "button=", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tokenLimits"] == {"ip": "5/minute", "prefix": "40/minute"}


def test_update_without_the_option_keeps_the_limits(runner):
    button_id = created(runner, "--token-limit", "ip=5/minute")["id"]
    result = run(runner, "button", "update", button_id, "--callee", "7002", "--json")
    assert json.loads(result.output)["tokenLimits"] == {"ip": "5/minute"}


def test_show_prints_the_limits(runner):
    button_id = created(runner, "--token-limit", "ip=5/minute")["id"]
    assert "tokenLimits: ip=5/minute" in run(runner, "button", "show", button_id).output
    other = created(runner)["id"]
    assert "tokenLimits: defaults" in run(runner, "button", "show", other).output


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("ip", "Error: 'ip' must look like KIND=LIMITS, e.g. ip=5/minute"),
        ("global=10/minute", "Error: a button can set ip, prefix, button limits, not 'global'"),
        (
            "ip=lots",
            "Error: ip limits 'lots' are not valid; write them like 3/minute;10/hour;20/day",
        ),
        ("ip=5/fortnight", "Error: ip limits '5/fortnight' are not valid"),
    ],
)
def test_bad_limits_are_refused_with_one_line(runner, pair, message):
    result = run(
        runner, *create_args(), "--token-limit", pair, "--sip-password-stdin", input="pw\n"
    )
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    listed = run(runner, "button", "list", "--json")
    assert json.loads(listed.output) == []


def test_bad_limits_on_update_change_nothing(runner):
    button_id = created(runner, "--token-limit", "ip=5/minute")["id"]
    result = run(runner, "button", "update", button_id, "--token-limit", "ip=often")
    assert result.exit_code == 1 and "Error: ip limits 'often' are not valid" in result.output
    shown = json.loads(run(runner, "button", "show", button_id, "--json").output)
    assert shown["tokenLimits"] == {"ip": "5/minute"}


def test_update_of_unknown_button_is_a_clean_error(runner):
    result = run(runner, "button", "update", "nope", "--token-limit", "ip=5/minute")
    assert result.exit_code == 1 and "Error: no button 'nope'" in result.output
