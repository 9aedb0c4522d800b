"""Impair the audio a call sends to the browser, as the media faults say: loss, delay, a cut.

It wraps the call's DTLS transport's send, so RTP and RTCP both go through it: a delay raises
the round-trip time the browser measures, random delay its jitter, and dropped RTP its loss.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from aiortc.rtp import is_rtcp

from dev.gateway.faults import Faults

Send = Callable[[bytes], Awaitable[None]]


def impaired(send: Send, faults: Callable[[], Faults]) -> Send:
    """Return `send` with the current media faults applied to each packet."""
    pending: set[asyncio.Task] = set()

    async def later(data: bytes, seconds: float) -> None:
        await asyncio.sleep(seconds)
        try:
            await send(data)
        except ConnectionError:
            pass  # the call ended meanwhile

    async def impaired_send(data: bytes) -> None:
        now = faults()
        if now.media_cut or (not is_rtcp(data) and random.random() < now.media_loss):
            return
        delay = now.media_delay + random.uniform(0, now.media_jitter)
        if delay <= 0:
            await send(data)
            return
        task = asyncio.create_task(later(data, delay))
        pending.add(task)
        task.add_done_callback(pending.discard)

    return impaired_send
