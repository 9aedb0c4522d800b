"""Secret values to mask in logs, held only as keyed hashes, found in one pass over the text.

The registry never keeps a SIP password itself. Each remembered value leaves a keyed BLAKE2b
digest, its length, and 16 bits of Python's keyed string hash of its first MIN_LENGTH
characters. `mask` hashes the MIN_LENGTH characters at each position once (whatever the number
of secrets) and computes digests only where such a prefix mark matches.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import Counter, OrderedDict

MASK = "[REDACTED]"
#: Shorter values are not treated as secrets: masking "42" everywhere would ruin every log.
MIN_LENGTH = 4
CAPACITY = 4096
_QUICK_MASK = 0xFFFF


def _mark(text: str) -> int:
    """Return the 16-bit quick mark of `text`'s first MIN_LENGTH characters."""
    return hash(text[:MIN_LENGTH]) & _QUICK_MASK


class KnownSecrets:
    """A bounded, thread-safe set of secret values, stored as keyed hashes with their lengths."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._key = secrets.token_bytes(32)
        self._capacity = capacity
        self._hashes: OrderedDict[bytes, tuple[int, int]] = OrderedDict()
        # Prefix mark -> lengths of the remembered values with that mark (with multiplicity).
        self._quick: dict[int, Counter[int]] = {}
        self._lock = threading.Lock()

    def _digest(self, value: str) -> bytes:
        return hashlib.blake2b(
            value.encode("utf-8", "surrogatepass"), key=self._key, digest_size=16
        ).digest()

    def remember(self, value: str | None) -> None:
        """Treat `value` as a secret from now on; the oldest entry goes when the set is full."""
        if not value or len(value) < MIN_LENGTH:
            return
        digest, entry = self._digest(value), (len(value), _mark(value))
        with self._lock:
            if digest in self._hashes:
                self._hashes.move_to_end(digest)
                return
            self._hashes[digest] = entry
            self._quick.setdefault(entry[1], Counter())[entry[0]] += 1
            while len(self._hashes) > self._capacity:
                self._forget(*self._hashes.popitem(last=False)[1])

    def _forget(self, length: int, mark: int) -> None:
        lengths = self._quick[mark]
        lengths[length] -= 1
        if lengths[length] <= 0:
            del lengths[length]
        if not lengths:
            del self._quick[mark]

    def mask(self, text: str) -> str:
        """Return `text` with every occurrence of a remembered value replaced by MASK."""
        pieces, kept = [], 0
        for start, end in self.spans(text):
            pieces += [text[kept:start], MASK]
            kept = end
        return "".join([*pieces, text[kept:]])

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return where remembered values occur in `text`, as sorted, merged (start, end)."""
        with self._lock:
            quick = {mark: sorted(lengths) for mark, lengths in self._quick.items()}
        spans: list[tuple[int, int]] = []
        for start in range(len(text) - MIN_LENGTH + 1):
            lengths = quick.get(hash(text[start : start + MIN_LENGTH]) & _QUICK_MASK)
            if lengths:
                spans += self._confirmed(text, start, lengths)
        return _merge(spans)

    def safe_cut(self, text: str, limit: int) -> int:
        """Return the position, at most `limit`, to cut `text` at without splitting a secret."""
        with self._lock:
            longest = max((length for length, _ in self._hashes.values()), default=0)
        straddling = [a for a, b in self.spans(text[: limit + longest]) if a < limit < b]
        return min(straddling, default=limit)

    def _confirmed(self, text: str, start: int, lengths: list[int]) -> list[tuple[int, int]]:
        """Return the spans at `start` whose text is a remembered value (digest checked)."""
        ends = (start + length for length in lengths)
        return [(start, end) for end in ends if end <= len(text) and self._known(text[start:end])]

    def _known(self, window: str) -> bool:
        return self._digest(window) in self._hashes


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
