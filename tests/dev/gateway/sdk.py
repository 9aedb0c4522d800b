"""A stand-in for the browser: the WebSDK's websocket frames and an aiortc peer with a tone."""

from __future__ import annotations

import asyncio
import fractions
import math
import time
from array import array

import aiohttp
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame

RATE = 48000
SAMPLES = 960


class SineTrack(MediaStreamTrack):
    """A 440 Hz tone in real time, so the gateway's RMS is above zero."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self.pts = 0
        self.started: float | None = None

    async def recv(self) -> AudioFrame:
        """Return the next 20 ms of tone, paced like a microphone."""
        self.started = self.started or time.monotonic()
        wait = self.started + self.pts / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        tone = (math.sin(2 * math.pi * 440 * (self.pts + i) / RATE) for i in range(SAMPLES))
        frame = AudioFrame(format="s16", layout="mono", samples=SAMPLES)
        frame.planes[0].update(array("h", (int(8000 * x) for x in tone)).tobytes())
        frame.sample_rate, frame.pts = RATE, self.pts
        frame.time_base = fractions.Fraction(1, RATE)
        self.pts += SAMPLES
        return frame


class Caller:
    """The browser's peer connection: offers audio without candidates, counts echoed frames."""

    def __init__(self) -> None:
        self.pc = RTCPeerConnection()
        self.pc.addTrack(SineTrack())
        self.received = 0
        self._readers: list[asyncio.Task] = []
        self.pc.on("track", self._on_track)

    def _on_track(self, track: MediaStreamTrack) -> None:
        self._readers.append(asyncio.create_task(self._read(track)))

    async def _read(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                await track.recv()
                self.received += 1
        except MediaStreamError:
            return

    async def offer(self) -> str:
        """Return the offer SDP as the SDK sends it: no candidates, none trickled later."""
        await self.pc.setLocalDescription(await self.pc.createOffer())
        lines = self.pc.localDescription.sdp.splitlines()
        kept = [line for line in lines if not line.startswith(("a=candidate", "a=end-of-cand"))]
        return "\r\n".join(kept) + "\r\n"

    async def accept(self, sdp: str) -> None:
        """Apply the gateway's answer."""
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp, "answer"))

    async def close(self) -> None:
        """Close the peer connection and wait for the frame readers to stop."""
        await self.pc.close()
        if self._readers:
            await asyncio.wait(self._readers)


class Browser:
    """The WebSDK's side of the websocket: sends `{message, data: [x]}`, collects frames."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http = http
        self.ws = ws
        self.frames: list[dict] = []
        self._unread: list[dict] = []

    @classmethod
    async def open(cls, url: str, origin: str | None) -> Browser:
        """Connect to the gateway's websocket with `origin` as the handshake's Origin."""
        http = aiohttp.ClientSession()
        ws = await http.ws_connect(url, origin=origin)
        return cls(http, ws)

    async def send(self, message: str, data: object) -> None:
        """Send one client frame."""
        await self.ws.send_json({"message": message, "data": [data]})

    async def expect(self, *names: str, timeout: float = 5.0) -> dict:
        """Return the next frame named one of `names`, skipping others; fail on close."""
        deadline = time.monotonic() + timeout
        while True:
            while self._unread:
                frame = self._unread.pop(0)
                if frame["message"] in names:
                    return frame
            message = await self.ws.receive(timeout=max(0.01, deadline - time.monotonic()))
            if message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"socket closed while waiting for {names}")
            frame = message.json()
            self.frames.append(frame)
            self._unread.append(frame)

    async def closed(self, timeout: float = 5.0) -> bool:
        """Return True once the server closes the socket."""
        message = await self.ws.receive(timeout=timeout)
        return message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)

    async def close(self) -> None:
        """Close the socket and the HTTP client."""
        await self.ws.close()
        await self.http.close()


def connection_fields(token: object, app_key: str = "callgate") -> dict:
    """Return a `connection` frame's data as WebSDK 2.0 sends it (no sipOptions)."""
    return {
        "appKey": app_key,
        "mediaProviders": ["WebRTC"],
        "keepAlive": False,
        "clientVersion": "2.0",
        "clientOSVersion": "5.0 (X11)",
        "clientBrowserVersion": "Mozilla/5.0 (X11; Linux x86_64)",
        "msePacketizationVersion": 2,
        "custom": {"token": token},
    }


def call_fields(call_id: str, sdp: str, callee: str = "+88213000000") -> dict:
    """Return a `call` frame's data as WebSDK 2.0 sends it; the page asks for `callee`."""
    return {
        "callId": call_id,
        "incoming": False,
        "hasVideo": False,
        "hasAudio": True,
        "status": "PENDING",
        "mediaProvider": "WebRTC",
        "sdp": sdp,
        "callee": callee,
        "custom": {"ticket": "t-42"},
        "visibleName": "Web caller",
    }
