"""Faults the gateway can inject, set at start (`--fault`) or at runtime (`/__dev/faults`).

Hook faults break delivery to the backend; media faults impair the audio sent to the browser:
`media_loss` (the share of RTP packets dropped, 0–1), `media_delay` and `media_jitter`
(seconds added to each packet, fixed and random), `media_cut` (nothing is sent at all).
SIP faults are what the far side and WCS may do instead of a plain answer: `call_outcome`
`busy` (486 after the ring), `progress` (a 183 with early media, then the answer), `unanswered`
(it rings and rings) or `silent` (never a word after `/call`), for every callee or, with
`callee_outcomes` (`{"7002": "busy"}`), for some; `registration_failure` (a session that
must register fails to); `call_refusal_as_fail` (a refused `/call` reaches the browser as a
`fail` frame, the older API's reading, and the call is left PENDING, instead of a FAILED
status).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

#: How the far side answers a call: as usual, busy, with a 183 first, ringing on, or not at all.
OUTCOMES = ("answer", "busy", "progress", "unanswered", "silent")


class FaultError(ValueError):
    """A fault setting has an unknown key or a value of the wrong type."""


@dataclass
class Faults:
    """What to break in hook delivery; the JSON keys are the field names."""

    unsigned: bool = False
    hook_delay: float = 0.0
    hook_delay_methods: list[str] = field(default_factory=list)
    hook_delay_times: int = 0
    repeat: int = 1
    backend_down: bool = False
    backend_down_after_connect: bool = False
    media_loss: float = 0.0
    media_delay: float = 0.0
    media_jitter: float = 0.0
    media_cut: bool = False
    call_outcome: str = "answer"
    callee_outcomes: dict[str, str] = field(default_factory=dict)
    registration_failure: bool = False
    call_refusal_as_fail: bool = False
    delays_used: int = field(default=0, compare=False)

    @classmethod
    def from_dict(cls, data: object) -> Faults:
        """Return faults from a JSON object; raise FaultError on unknown keys or bad values."""
        if not isinstance(data, dict):
            raise FaultError("faults must be a JSON object")
        known = {f.name for f in fields(cls)} - {"delays_used"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise FaultError(f"unknown fault {unknown[0]!r}")
        checked: dict[str, Any] = {key: _check(key, value) for key, value in data.items()}
        return cls(**checked)

    def to_dict(self) -> dict:
        """Return the faults as the JSON object `from_dict` accepts."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "delays_used"}

    def outcome_of(self, callee: object) -> str:
        """Return how the far side answers a call to `callee`."""
        found = self.callee_outcomes.get(callee) if isinstance(callee, str) else None
        return found or self.call_outcome

    def take_delay(self, method: str) -> float:
        """Return the seconds to wait before POSTing `method`, counting it against the limit."""
        methods = self.hook_delay_methods
        if self.hook_delay <= 0 or (methods and method not in methods):
            return 0.0
        if self.hook_delay_times and self.delays_used >= self.hook_delay_times:
            return 0.0
        self.delays_used += 1
        return self.hook_delay


def parse_assignment(text: str) -> tuple[str, object]:
    """Split a `--fault key=value` argument; the value is JSON if it parses, else a string."""
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise FaultError(f"expected key=value, got {text!r}")
    try:
        return key.strip(), json.loads(raw)
    except ValueError:
        return key.strip(), raw


def _check(key: str, value: object) -> object:
    if key == "hook_delay_methods":
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        raise FaultError("hook_delay_methods must be a list of method names")
    if key in ("hook_delay", "media_delay", "media_jitter"):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 30:
            return float(value)
        raise FaultError(f"{key} must be a number of seconds from 0 to 30")
    if key == "callee_outcomes":
        if isinstance(value, dict) and all(
            isinstance(callee, str) and outcome in OUTCOMES for callee, outcome in value.items()
        ):
            return value
        raise FaultError(f"callee_outcomes must map callees to one of {', '.join(OUTCOMES)}")
    if key == "call_outcome":
        if value in OUTCOMES:
            return value
        raise FaultError(f"call_outcome must be one of {', '.join(OUTCOMES)}")
    if key == "media_loss":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        raise FaultError("media_loss must be a share of packets from 0 to 1")
    if key in ("hook_delay_times", "repeat"):
        least = 1 if key == "repeat" else 0
        if isinstance(value, int) and not isinstance(value, bool) and value >= least:
            return value
        raise FaultError(f"{key} must be a whole number >= {least}")
    if not isinstance(value, bool):
        raise FaultError(f"{key} must be true or false")
    return value
