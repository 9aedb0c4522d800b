"""`flask callbacks list`: the requests visitors left, as text or JSON, per button."""

from __future__ import annotations

import json

from callgate.buttons.store import create_button, update_button
from callgate.db import get_db
from tests.data import BUTTON, ORIGIN


def leave(client, button_id: str, phone: str, note: str | None = None) -> None:
    body = json.dumps({"phone": phone, "note": note})
    response = client.post(
        f"/api/v1/buttons/{button_id}/callbacks", data=body, headers={"Origin": ORIGIN}
    )
    assert response.status_code == 201, response.get_json()


def test_no_requests_yet(runner):
    result = runner.invoke(args=["callbacks", "list"])
    assert (result.exit_code, result.output) == (0, "No callback requests yet.\n")


def test_requests_are_listed_newest_first_and_by_button(app, client, runner, button):
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
        other = create_button(get_db(), dict(BUTTON) | {"name": "Other", "callback": True})
    leave(client, button.id, "+49 30 901820", "Line one\nline two")
    leave(client, other.id, "+33 1 44 55 66 77")
    text = runner.invoke(args=["callbacks", "list"]).output
    assert text.index("+33144556677") < text.index("+4930901820")
    assert "Line one line two" in text and "PHONE" in text
    result = runner.invoke(args=["callbacks", "list", "--button", button.id, "--json"])
    [only] = json.loads(result.output)
    assert (only["buttonId"], only["phone"], only["note"]) == (
        button.id,
        "+4930901820",
        "Line one\nline two",
    )


def test_a_bad_limit_is_one_clear_error(runner):
    result = runner.invoke(args=["callbacks", "list", "--limit", "0"])
    assert result.exit_code != 0 and "Traceback" not in result.output
