"""A console login flood from many addresses, for the login-flood benchmark and its system test.

The flood posts logins with a valid form (CSRF token and cookie, as a script would fetch them)
from rotating addresses (X-Forwarded-For, which the server trusts through
CALLGATE_TRUSTED_PROXIES) and rotating accounts, from several threads, until it is stopped.
"""

from __future__ import annotations

import http.client
import itertools
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dev.bench.http_client import ask, connect

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def addresses(networks: int = 50, per_network: int = 20) -> list[str]:
    """Return networks x per_network IPv6 addresses, per_network in each of `networks` /64s."""
    return [
        f"2001:db8:0:{net:x}::{host + 1:x}"
        for host in range(per_network)
        for net in range(networks)
    ]


@dataclass
class LoginFlood:
    """Threads posting logins from rotating addresses and accounts until stopped."""

    base: str
    sources: list[str]
    threads: int = 16
    #: The Referer to send: behind TLS, the console's CSRF check wants one of its own site.
    referer: str | None = None
    answers: Counter = field(default_factory=Counter)
    used: set[str] = field(default_factory=set)
    retry_after: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _numbers: itertools.count = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> LoginFlood:
        for _ in range(self.threads):
            self._workers.append(threading.Thread(target=self._flood, daemon=True))
            self._workers[-1].start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(30)

    @property
    def sent(self) -> int:
        """Return how many logins were answered (or failed) so far."""
        return sum(self.answers.values())

    def _form(self, connection: http.client.HTTPConnection) -> tuple[str, str]:
        """Fetch the login form: its session cookie and CSRF token."""
        while not self._stop.is_set():
            status, headers, body = ask(connection, "GET", "/console/login", b"", {})
            found = CSRF.search(body.decode(errors="replace"))
            if status == 200 and found:
                return headers.get("Set-Cookie", "").split(";", 1)[0], found.group(1)
            time.sleep(0.05)
        return "", ""

    def _flood(self) -> None:
        connection = connect(self.base)
        try:
            self._post(connection)
        finally:
            connection.close()

    def _post(self, connection: http.client.HTTPConnection) -> None:
        cookie, token = self._form(connection)
        while not self._stop.is_set():
            n = next(self._numbers)
            source = self.sources[n % len(self.sources)]
            form = {
                "csrf_token": token,
                "email": f"user{n % 997}@flood.example",
                "password": f"guess {n}",
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "X-Forwarded-For": source,
            } | ({"Referer": self.referer} if self.referer else {})
            status, answer, _body = ask(
                connection, "POST", "/console/login", urlencode(form).encode(), headers
            )
            with self._lock:
                self.answers[status] += 1
                self.used.add(source)
                if status == 429:
                    self.retry_after = max(self.retry_after, int(answer.get("Retry-After", "0")))
