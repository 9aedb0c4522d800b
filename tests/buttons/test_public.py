"""The public widget config's one builder: the public fields under their keys, for a visitor."""

from __future__ import annotations

from datetime import UTC, datetime

from callgate.buttons.public import OPENING, PUBLIC, language_for, public_config, values_of
from callgate.buttons.store import new_values
from callgate.db.models import Button

OPENS = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def config(**values: object) -> dict:
    given = new_values() | values
    return public_config("b1", given, language_for(given, "ru"), is_open=False, opens_at=OPENS)


def test_every_public_field_is_under_its_key_and_said_for_the_visitor():
    body = config(label="Ring us", dtmf=True, consent_text="We record calls.", fallback=None)
    assert set(body) == {"id", *PUBLIC.values(), "open", "opensAt", "closedMessage"}
    assert (body["id"], body["label"], body["dtmf"], body["consent"]) == (
        "b1",
        "Ring us",
        True,
        "We record calls.",
    )
    assert (body["color"], body["textColor"], body["precheck"]) == ("#0b6e4f", "#ffffff", True)
    assert (body["language"], body["texts"]["call"]) == ("ru", "Позвонить нам")
    assert (body["open"], body["opensAt"]) == (False, "2026-12-07T08:00:00+00:00")
    assert body["hours"] == "mon-fri 08:00-20:00"


def test_the_owners_texts_and_closed_message_override_the_built_in_ones():
    body = config(language="en", texts={"call": "Talk to us"}, closed_message="Back at nine")
    assert body["texts"]["call"] == "Talk to us"
    assert body["closedMessage"] == body["texts"]["closed"] == "Back at nine"


def test_hours_never_open_are_said_as_none():
    closed = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    assert config(schedule=closed)["hours"] is None


def test_a_buttons_values_are_its_public_and_opening_fields():
    button = Button(**new_values(), id="b1", label="Hi")
    values = values_of(button)
    assert set(values) == {*PUBLIC, *OPENING}
    assert values["label"] == "Hi"
