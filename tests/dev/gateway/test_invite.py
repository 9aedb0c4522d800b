"""The dev gateway's INVITE: the display name in From, well-formed X- headers, others refused."""

from __future__ import annotations

from dev.gateway.invite import render

CONNECTION = {"sipDomain": "pbx.example.test", "sipLogin": "web"}


def test_the_invite_carries_the_display_name_and_headers():
    call = {"callee": "7003", "visibleName": "Ann", "sipHeaders": ["X-Callgate-Route: Support"]}
    text, refused = render(call, CONNECTION)
    assert text.split("\r\n") == [
        "INVITE sip:7003@pbx.example.test SIP/2.0",
        'From: "Ann" <sip:web@pbx.example.test>',
        "To: <sip:7003@pbx.example.test>",
        "X-Callgate-Route: Support",
    ]
    assert refused == []


def test_headers_that_could_split_the_message_are_refused():
    bad = ["X-A: 1\r\nX-B: 2", "X-C: \u2028", "no colon", 3]
    text, refused = render({"callee": "1", "sipHeaders": bad}, CONNECTION)
    assert len(text.split("\r\n")) == 3 and len(refused) == 4
