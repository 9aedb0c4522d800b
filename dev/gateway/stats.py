"""Bounded counters for `GET /__dev/stats`: sessions, calls and hook deliveries; no secrets."""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Protocol

LIMIT = 200


class Meter(Protocol):
    """What the stats read from a call's media: frames received and their recent RMS."""

    frames: int

    @property
    def rms(self) -> float:
        """Return the recent RMS level."""


@dataclass
class CallStats:
    """One call as the stats show it."""

    call_id: str
    status: str = "PENDING"
    callee: object = None
    invite: str | None = None
    #: The INVITE's text (request line, From with display name, X- headers) and refused headers.
    message: str | None = None
    refused_headers: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    meter: Meter | None = None
    ended_by: str | None = None

    def to_dict(self) -> dict:
        """Return the call's public view."""
        return {
            "callId": self.call_id,
            "status": self.status,
            "callee": self.callee,
            "invite": self.invite,
            "inviteMessage": self.message,
            "refusedHeaders": list(self.refused_headers),
            "actions": list(self.actions),
            "endedBy": self.ended_by,
            "framesReceived": self.meter.frames if self.meter else 0,
            "rms": round(self.meter.rms, 2) if self.meter else 0.0,
        }


class Stats:
    """Sessions opened and open, the last calls, and the last hook deliveries."""

    def __init__(self) -> None:
        self.live: set[str] = set()
        self.reset()

    def reset(self) -> None:
        """Forget counted sessions, calls and hooks; sockets still open stay counted as open."""
        self.opened = 0
        self.calls: OrderedDict[str, CallStats] = OrderedDict()
        self.hooks: deque[dict] = deque(maxlen=LIMIT)

    def session_opened(self, session_id: str) -> None:
        """Count a new websocket session."""
        self.opened += 1
        self.live.add(session_id)

    def session_closed(self, session_id: str) -> None:
        """Stop counting a websocket session as open."""
        self.live.discard(session_id)

    def call(self, call_id: str) -> CallStats:
        """Return the stats entry for `call_id`, creating it and dropping the oldest past LIMIT."""
        entry = self.calls.get(call_id)
        if entry is None:
            entry = self.calls[call_id] = CallStats(call_id)
            while len(self.calls) > LIMIT:
                self.calls.popitem(last=False)
        return entry

    def hook(self, method: str, status: int | str, ms: float) -> None:
        """Record one hook delivery: its HTTP status, or "error", and its duration."""
        self.hooks.append({"method": method, "status": status, "ms": round(ms, 1)})

    def snapshot(self) -> dict:
        """Return the JSON `GET /__dev/stats` answers."""
        return {
            "sessions": {"opened": self.opened, "open": len(self.live)},
            "calls": [entry.to_dict() for entry in self.calls.values()],
            "hooks": list(self.hooks),
        }
