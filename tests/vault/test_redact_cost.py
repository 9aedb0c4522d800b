"""vault/redact.py costs time linear in the log line: hostile lines cost what short ones do.

Each family below is a line an attacker can make a request log (a path, a Referer, a
User-Agent, a hook method). The cost per character of redacting it at 1, 8 and 64 KB is
compared with that of a short access-log line: a ratio, never a wall-clock bound. The first
two families are the old quadratic cases (every start inside a long word was tried).
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable

import pytest

from callgate.vault.redact import KnownSecrets, redact

SHORT = (
    '203.0.113.7 - - [01/Dec/2026:10:00:00 +0000] "GET /widget.js HTTP/1.1" 200 512 '
    '"https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64)"'
)
SIZES = (1024, 8192, 65536)
#: A linear redaction stays within 3 of a short line; the old quadratic one passed 100 at 8 KB.
SLACK = 8.0


def _random(size: int) -> str:
    rng = random.Random(1)
    return "".join(rng.choice(string.printable) for _ in range(size))


HOSTILE: dict[str, Callable[[int], str]] = {
    "word run (old quadratic case)": lambda n: "a" * n,
    "token starts (old quadratic case)": lambda n: "eyJ" * (n // 3),
    "word run ending in a key": lambda n: "a" * (n - 13) + "password: 'x'",
    "dotted segments": lambda n: "eyJa." * (n // 5),
    "keys without values": lambda n: "password" * (n // 8),
    "keys opening quotes": lambda n: "password:'" * (n // 10),
    "escaped quotes, never closed": lambda n: 'password: "' + '\\"' * (n // 2),
    "key, then spaces": lambda n: "password" + " " * n,
    "authorization headers": lambda n: "authorization: x " * (n // 17),
    "query tokens": lambda n: "token=a&" * (n // 8),
    "random printable (old quadratic case)": _random,
}


def known() -> KnownSecrets:
    """Secrets of many lengths, as an installation with many buttons remembers them."""
    secrets = KnownSecrets()
    rng = random.Random(7)
    for _ in range(50):
        secrets.remember(
            "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(8, 40)))
        )
    return secrets


def cost_per_char(
    text: str, secrets: KnownSecrets, runs: int, work: Callable[..., object] = redact
) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work(text, secrets)
        best = min(best, time.perf_counter() - started)
    return best / len(text)


@pytest.mark.parametrize("family", HOSTILE)
def test_hostile_lines_cost_what_a_short_line_costs_per_char(family):
    secrets = known()
    short = cost_per_char(SHORT, secrets, runs=30)
    for size in SIZES:
        line = HOSTILE[family](size)
        ratio = cost_per_char(line, secrets, runs=3) / short
        print(f"{family}: {len(line)} chars, {ratio:.2f}x the per-char cost of a short line")
        # Checked size by size, so the quadratic code fails at 8 KB instead of running for minutes.
        assert ratio < SLACK, f"{family}: {len(line)} chars cost {ratio:.1f}x per char"


def test_known_secrets_cost_the_same_however_many_lengths_they_have():
    few, many = KnownSecrets(), known()
    few.remember("one-secret-value")
    line = _random(65536)

    def mask(text: str, secrets: KnownSecrets) -> str:
        return secrets.mask(text)

    ratio = cost_per_char(line, many, 3, mask) / cost_per_char(line, few, 3, mask)
    print(f"50 secrets of many lengths cost {ratio:.2f}x one secret")
    # The old search hashed every window once per distinct length: 30x here.
    assert ratio < SLACK
