"""Media faults: their settings are checked, and the impaired send drops, delays or cuts."""

from __future__ import annotations

import asyncio

import pytest

from dev.gateway.faults import FaultError, Faults
from dev.gateway.impair import impaired
from tests.dev.gateway.helpers import run

RTP = bytes([0x80, 111]) + bytes(30)  # version 2, payload type 111 (opus)
RTCP = bytes([0x80, 200]) + bytes(30)  # a sender report


@pytest.mark.parametrize(
    "bad",
    [
        {"media_loss": 1.5},
        {"media_loss": -0.1},
        {"media_loss": True},
        {"media_delay": -1},
        {"media_delay": 31},
        {"media_jitter": "0.1"},
        {"media_cut": 1},
    ],
)
def test_bad_media_faults_are_refused(bad):
    with pytest.raises(FaultError):
        Faults.from_dict(bad)


def test_media_faults_parse():
    faults = Faults.from_dict(
        {"media_loss": 0.2, "media_delay": 0.3, "media_jitter": 0, "media_cut": True}
    )
    assert (faults.media_loss, faults.media_delay, faults.media_cut) == (0.2, 0.3, True)


def sent_with(faults: Faults, packets: list[bytes], wait: float = 0.0) -> list[bytes]:
    sent: list[bytes] = []

    async def send(data: bytes) -> None:
        sent.append(data)

    async def main() -> list[bytes]:
        impaired_send = impaired(send, lambda: faults)
        for packet in packets:
            await impaired_send(packet)
        before = list(sent)
        await asyncio.sleep(wait)
        return before

    before = run(main())
    return [before, sent] if wait else sent


def test_no_faults_send_everything_at_once():
    assert sent_with(Faults(), [RTP, RTCP]) == [RTP, RTCP]


def test_full_loss_drops_rtp_but_keeps_rtcp():
    assert sent_with(Faults(media_loss=1.0), [RTP, RTP, RTCP]) == [RTCP]


def test_a_cut_sends_nothing():
    assert sent_with(Faults(media_cut=True), [RTP, RTCP]) == []


def test_a_delay_sends_later():
    before, after = sent_with(Faults(media_delay=0.05), [RTP, RTCP], wait=0.2)
    assert (before, after) == ([], [RTP, RTCP])
