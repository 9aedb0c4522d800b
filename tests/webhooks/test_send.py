"""Signed deliveries, verified with the `standardwebhooks` package at a local receiver."""

from __future__ import annotations

import json
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from callgate.addresses import parse_networks
from callgate.outbound.urls import UnsafeUrl, check
from callgate.webhooks import signing
from callgate.webhooks.send import deliver

LOOPBACK = parse_networks(["127.0.0.1/32"])


def test_the_signature_verifies_with_standardwebhooks():
    secret = signing.new_secret()
    body = json.dumps({"type": "call.ended", "data": {"id": "c1"}}).encode()
    sent = signing.headers(secret, "msg_1", int(time.time()), body)
    assert Webhook(secret).verify(body, sent) == {"type": "call.ended", "data": {"id": "c1"}}
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(body, sent)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", sent)


def test_a_delivery_reaches_an_allowed_receiver_signed(receiver):
    url, got = receiver
    secret = signing.new_secret()
    body = json.dumps({"type": "call.started", "data": {"id": "c2"}}).encode()
    assert deliver(url, secret, "msg_2", body, LOOPBACK) == 204
    path, headers, received = got[0]
    assert path == "/hooks/in" and received == body and headers["webhook-id"] == "msg_2"
    assert Webhook(secret).verify(received, headers)["data"] == {"id": "c2"}


def test_no_delivery_to_loopback_unless_allowed(receiver):
    url, got = receiver
    with pytest.raises(UnsafeUrl):
        deliver(url, signing.new_secret(), "msg_3", b"{}", [])
    assert got == []


def test_a_name_that_turns_private_after_creation_is_refused_at_delivery(receiver):
    url, got = receiver
    port = url.split(":")[2].split("/")[0]
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])

    def rebinding(host, port):
        return next(answers)

    hostile = f"https://hooks.example.com:{port}/hooks/in"
    assert check(hostile, [], rebinding).addresses == ("93.184.215.14",)
    with pytest.raises(UnsafeUrl):
        deliver(hostile, signing.new_secret(), "msg_4", b"{}", [], rebinding)
    assert got == []
