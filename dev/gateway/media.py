"""Answer the browser's WebRTC offer with aiortc and echo the visitor's audio back."""

from __future__ import annotations

import array
import math
from collections import deque
from collections.abc import Callable

from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from av import AudioFrame

from dev.gateway.faults import Faults
from dev.gateway.impair import impaired

RECENT = 50


class EchoTrack(MediaStreamTrack):
    """Return each frame of `source` unchanged, counting them and keeping a recent RMS."""

    kind = "audio"

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self.source = source
        self.frames = 0
        self._squares: deque[float] = deque(maxlen=RECENT)

    async def recv(self) -> AudioFrame:
        """Return the next received frame after measuring it."""
        frame = await self.source.recv()
        assert isinstance(frame, AudioFrame), "an audio track yields audio frames"
        self.frames += 1
        self._squares.append(mean_square(frame))
        return frame

    @property
    def rms(self) -> float:
        """Return the RMS level (16-bit sample units) over the last RECENT frames."""
        if not self._squares:
            return 0.0
        return math.sqrt(sum(self._squares) / len(self._squares))


def mean_square(frame: AudioFrame) -> float:
    """Return the mean square of a packed s16 frame's samples (0.0 for other formats)."""
    if frame.format.name != "s16" or not frame.samples:
        return 0.0
    count = frame.samples * len(frame.layout.channels)
    # Planes may be padded past the last sample, so cut to the sample count.
    samples = array.array("h", bytes(frame.planes[0])[: count * 2])
    return sum(s * s for s in samples) / count


class MediaSession:
    """One call's peer connection: answers an offer, echoes its audio, then closes."""

    def __init__(self, faults: Callable[[], Faults] = Faults) -> None:
        self.pc = RTCPeerConnection()
        self.echo: EchoTrack | None = None
        self.faults = faults

    async def answer(self, offer_sdp: str) -> str:
        """Return an answer SDP with our host candidates; raise ValueError if it has no audio."""
        await self.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in self.pc.getTransceivers():
            track = transceiver.receiver.track
            if transceiver.kind == "audio" and track is not None and self.echo is None:
                self.echo = EchoTrack(track)
                self.pc.addTrack(self.echo)
        if self.echo is None:
            raise ValueError("the offer has no audio")
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        for transport in {t.sender.transport for t in self.pc.getTransceivers()}:
            # An instance attribute: aiortc's sender and receiver send through it.
            transport._send_rtp = impaired(transport._send_rtp, self.faults)  # type: ignore[method-assign,assignment]
        return self.pc.localDescription.sdp

    async def close(self) -> None:
        """Stop the echo and close the peer connection."""
        if self.echo:
            self.echo.stop()
        await self.pc.close()
