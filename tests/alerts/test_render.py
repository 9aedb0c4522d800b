"""What an alert says: both languages with the same texts, each line with its console link,
a digest's count, phone numbers whole only when asked for, and hostile values escaped."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from callgate.alerts.kinds import KINDS
from callgate.alerts.render import render
from callgate.alerts.texts import TEXTS
from callgate.db.alerts import AlertChannel, AlertMessage

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
BASE = "https://callgate.shop.example/"


def channel(language: str = "en", phones: bool = False) -> AlertChannel:
    return AlertChannel(
        language=language, include_phone_numbers=phones, label="e-mail: o@x.example"
    )


def alert(kind: str, **data: object) -> AlertMessage:
    return AlertMessage(kind=kind, data=json.dumps(data), created_at=AT)


def test_both_languages_say_every_alert():
    assert set(TEXTS["en"]) == set(TEXTS["ru"])
    for kind in KINDS:
        assert kind in TEXTS["en"] and f"{kind}_line" in TEXTS["en"]


@pytest.mark.parametrize(
    ("made", "link"),
    [
        (
            alert("missed_call", buttonId="b1", callId="c-7", finalStatus="BUSY"),
            "/console/calls/c-7",
        ),
        (alert("callback", buttonId="b1", phone="+4930901820"), "/console/callbacks"),
        (alert("budget", buttonId="b1"), "/console/buttons/b1"),
        (alert("gateway", buttonId="b1", error="timed out"), "/console/buttons/b1"),
        (alert("webhook_failing", endpointId=3, url="https://crm.example/in"), "/console/webhooks"),
    ],
)
def test_each_alert_links_its_console_page(made, link):
    message = render(channel(), [made], {"b1": "Shop"}, BASE)
    assert f"https://callgate.shop.example{link}" in message.text
    assert f'href="https://callgate.shop.example{link}"' in message.html


def test_a_digest_counts_its_alerts_in_russian():
    made = [alert("missed_call", buttonId="b1", callId=f"c{n}") for n in range(3)]
    message = render(channel("ru"), made, {"b1": "Магазин"}, BASE)
    assert message.subject == "Оповещений: 3. Пропущенный звонок на «Магазин» и другие"
    assert message.text.count("/console/calls/c") == 3


def test_phone_numbers_are_whole_only_when_asked_for():
    made = [alert("callback", buttonId="b1", phone="+4930901820")]
    assert "•••20" in render(channel(), made, {}, BASE).text
    assert "+4930901820" in render(channel(phones=True), made, {}, BASE).text


def test_hostile_values_are_escaped_and_cut():
    made = [alert("callback", buttonId="b1", phone="<img src=x>", note="<script>x</script>" * 50)]
    message = render(channel(phones=True), made, {"b1": '<b>"Shop"</b>'}, BASE)
    assert (
        "<script>" not in message.html and "<img" not in message.html and "<b>" not in message.html
    )
    assert "&lt;script&gt;" in message.html
    assert len(message.text) < 1200
    assert render(channel(), made, {}, BASE).subject == "Callback request on “a removed button”"
