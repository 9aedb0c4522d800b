"""WCS's hooks for one fresh session after another, sent one at a time, each one timed.

Each session gets what WCS sends for a call: `/connect` with a fresh token, `/call`, then the
FINISH event, each signed with the hook secret.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from callgate.calltokens.tokens import issue_token
from callgate.hooks.verify import sign
from dev.bench import workload
from dev.bench.http_client import ask, connect


@dataclass(frozen=True)
class Sample:
    """One hook: its method, the status it got and how long it took."""

    method: str
    status: int | str
    seconds: float


@dataclass
class Hooks:
    """What the hooks of fresh sessions need: where to send them, the keys and the buttons."""

    base: str
    hook_secret: str
    token_keys: list[str]
    origin: str
    buttons: list[str]
    first: int = 0

    def bodies(self, n: int) -> list[tuple[str, dict]]:
        """Return the hooks of session n: /connect with a fresh token, /call, then FINISH."""
        token = issue_token(self.token_keys, self.buttons[n % len(self.buttons)], self.origin)
        return [
            ("connect", workload.connect_body(n, token, self.origin)),
            ("call", workload.call_body(n)),
            ("CallStatusEvent", workload.finish_body(n)),
        ]

    def send(self, more: Callable[[int], bool], pause: float = 0.02) -> list[Sample]:
        """Send the hooks of session after session while `more(sessions sent)`; return them."""
        connection, samples = connect(self.base), list[Sample]()
        try:
            self._send(connection, samples, more, pause)
        finally:
            connection.close()
        return samples

    def _send(
        self,
        connection: http.client.HTTPConnection,
        samples: list[Sample],
        more: Callable[[int], bool],
        pause: float,
    ) -> None:
        n = self.first
        while more(n - self.first):
            for method, body in self.bodies(n):
                raw = json.dumps(body, separators=(",", ":")).encode()
                headers = {
                    "Content-Type": "application/json",
                    "Authorization": sign(raw, self.hook_secret),
                }
                started = time.perf_counter()
                status, _headers, _body = ask(
                    connection, "POST", f"/hooks/wcs/{method}", raw, headers
                )
                samples.append(Sample(method, status, time.perf_counter() - started))
            n += 1
            time.sleep(pause)
        self.first = n


def percentile(samples: list[Sample], share: float) -> float:
    """Return the `share` quantile (0-1) of the samples' durations, in milliseconds."""
    ordered = sorted(s.seconds for s in samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0
