"""`button create` and `show` say whether the button is open now, and until or from when."""

from __future__ import annotations

import json

import pytest
import time_machine

from callgate import db
from callgate.app import create_app
from tests.cli.test_cmd_button import create_args
from tests.data import ENCRYPTION_KEY, HOOK_SECRETS, SECRET_KEY

MONDAY_NOON = "2026-11-23T12:00:00Z"
SATURDAY = "2026-11-28T12:00:00Z"


def invoke(runner, *args: str, stdin: str | None = None):
    result = runner.invoke(args=list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize(
    ("now", "text", "data"),
    [
        (
            MONDAY_NOON,
            "open now: yes, until Mon 2026-11-23 21:00 Europe/Berlin (+01:00)",
            {"open": True, "opensAt": None, "closesAt": "2026-11-23T21:00:00+01:00"},
        ),
        (
            SATURDAY,
            "open now: no, opens Mon 2026-11-30 09:00 Europe/Berlin (+01:00)",
            {"open": False, "opensAt": "2026-11-30T09:00:00+01:00", "closesAt": None},
        ),
    ],
)
def test_create_and_show_say_whether_open_in_the_button_s_zone(runner, now, text, data):
    hours = ["--hours", "mon-fri 09:00-21:00", "--timezone", "Europe/Berlin"]
    with time_machine.travel(now, tick=False):
        created = invoke(runner, *create_args(), *hours, "--sip-password-stdin", stdin="pw\n")
        assert text in created.output
        made = invoke(
            runner, *create_args(), *hours, "--sip-password-stdin", "--json", stdin="pw\n"
        )
        button_id = json.loads(made.output)["id"]
        assert json.loads(made.output)["opening"] == data
        assert text in invoke(runner, "button", "show", button_id).output.splitlines()
        shown = json.loads(invoke(runner, "button", "show", button_id, "--json").output)
        assert shown["opening"] == data


def test_a_new_button_says_it_keeps_business_hours(runner):
    with time_machine.travel(SATURDAY, tick=False):
        created = invoke(runner, *create_args(), "--sip-password-stdin", stdin="pw\n")
    assert "Hours: mon-fri 08:00-20:00 (UTC); open now: no, opens Mon 2026-11-30 08:00" in (
        created.output
    )


def test_round_the_clock_and_never(runner, button):
    invoke(runner, "button", "update", button.id, "--hours", "24/7")
    output = invoke(runner, "button", "show", button.id).output
    assert "open now: yes, with no closing scheduled within a year" in output
    invoke(runner, "button", "update", button.id, "--hours", "mon 09:00-10:00")
    for day in ("2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"):
        invoke(runner, "button", "update", button.id, "--holiday", day)
    with time_machine.travel("2026-11-24T12:00:00Z", tick=False):
        output = invoke(runner, "button", "show", button.id).output
    assert "open now: no, opens Mon 2027-01-04 09:00 UTC (+00:00)" in output


@pytest.fixture
def default_url_runner(database_url):
    config = {
        "TESTING": True,
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "WCS_HOOK_SECRETS": HOOK_SECRETS,
        "ENCRYPTION_KEYS": [ENCRYPTION_KEY],
    }
    app = create_app(config)
    yield app.test_cli_runner()
    db.dispose(app)


def test_the_tag_says_when_its_url_is_the_default(default_url_runner, runner):
    made = default_url_runner.invoke(
        args=[*create_args(), "--sip-password-stdin", "--json"], input="pw\n"
    )
    assert made.exit_code == 0, made.output
    assert "CALLGATE_PUBLIC_URL is not set" in made.stderr
    assert "http://127.0.0.1:8000" in made.stderr
    assert json.loads(made.stdout)["snippet"].startswith('<script async src="http://127.0.0.1:8000')
    configured = runner.invoke(args=["button", "show", json.loads(made.stdout)["id"]])
    assert "https://calls.example.net/widget.js" in configured.output
    assert "CALLGATE_PUBLIC_URL" not in configured.output
