"""Keep secrets out of log output: known secret values, and text shaped like a secret.

Known values are held only as keyed hashes, so this process-wide registry never keeps a SIP
password itself; a log message is searched by hashing each window of a registered length.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
from collections import Counter, OrderedDict

MASK = "[REDACTED]"
#: Shorter values are not treated as secrets: masking "42" everywhere would ruin every log.
MIN_LENGTH = 4
CAPACITY = 4096
_QUICK_MASK = 0xFFFF
LOGGERS = ("", "gunicorn.error", "gunicorn.access", "werkzeug")

_KEY = r"(?:[\w-]*(?:password|passwd|secret|secret_?key|token)|(?:proxy-)?authorization)"
SHAPES = (
    # "sipPassword": "…", 'token': '…', password='…' (JSON and Python reprs)
    re.compile(rf"""(?i)(["']?{_KEY}["']?\s*[:=]\s*)(["'])((?:\\.|(?!\2)[^\\])*)\2"""),
    # ('Authorization', 'WCS …'): header lists as Werkzeug prints them
    re.compile(r"""(?i)(["'](?:proxy-)?authorization["']\s*,\s*)(["'])((?:\\.|(?!\2)[^\\])*)\2"""),
    # Authorization: WCS … (a raw header line; the rest of the line is the credential)
    re.compile(r"""(?i)((?<![\w-])(?:proxy-)?authorization\s*:\s*)()(?!["'\s])([^\r\n]+)"""),
    # token=… in query strings and key=value logs
    re.compile(rf"""(?i)((?<![\w-]){_KEY}=)()([^\s&"',;]+)"""),
    # an itsdangerous or JWT token: three base64url segments, the first a JSON object
    re.compile(r"""()()(eyJ[\w-]+\.[\w-]+\.[\w-]+)"""),
)


class KnownSecrets:
    """A bounded, thread-safe set of secret values, stored as keyed hashes with their lengths."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._key = secrets.token_bytes(32)
        self._capacity = capacity
        self._hashes: OrderedDict[bytes, tuple[int, int]] = OrderedDict()
        # Per length, 16-bit slices of Python's keyed str hash: a quick test of each window
        # that is too short to reveal anything; the keyed BLAKE2b digest then confirms a hit.
        self._quick: dict[int, Counter[int]] = {}
        self._lock = threading.Lock()

    def _digest(self, value: str) -> bytes:
        return hashlib.blake2b(value.encode("utf-8"), key=self._key, digest_size=16).digest()

    def remember(self, value: str | None) -> None:
        """Treat `value` as a secret from now on; the oldest entry goes when the set is full."""
        if not value or len(value) < MIN_LENGTH:
            return
        digest, mark = self._digest(value), (len(value), hash(value) & _QUICK_MASK)
        with self._lock:
            if digest in self._hashes:
                self._hashes.move_to_end(digest)
                return
            self._hashes[digest] = mark
            self._quick.setdefault(mark[0], Counter())[mark[1]] += 1
            while len(self._hashes) > self._capacity:
                self._forget(*self._hashes.popitem(last=False)[1])

    def _forget(self, length: int, quick: int) -> None:
        marks = self._quick[length]
        marks[quick] -= 1
        if marks[quick] <= 0:
            del marks[quick]
        if not marks:
            del self._quick[length]

    def mask(self, text: str) -> str:
        """Return `text` with every occurrence of a remembered value replaced by MASK."""
        with self._lock:
            by_length = [(n, marks) for n, marks in self._quick.items() if n <= len(text)]
        spans: list[tuple[int, int]] = []
        for length, marks in by_length:
            for start in range(len(text) - length + 1):
                window = text[start : start + length]
                if (hash(window) & _QUICK_MASK) in marks and self._digest(window) in self._hashes:
                    spans.append((start, start + length))
        for start, end in sorted(_merge(spans), reverse=True):
            text = text[:start] + MASK + text[end:]
        return text


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


KNOWN = KnownSecrets()


def redact(text: str, known: KnownSecrets = KNOWN) -> str:
    """Return `text` with known secret values and secret-shaped substrings masked."""
    text = known.mask(text)
    for shape in SHAPES:
        text = shape.sub(lambda m: f"{m[1]}{m[2]}{MASK}{m[2]}", text)
    return text


_FORMATTER = logging.Formatter()


def scrub(record: logging.LogRecord, known: KnownSecrets = KNOWN) -> logging.LogRecord:
    """Render the record's message with its args, then mask it, its traceback and stack."""
    if getattr(record, "callgate_redacted", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a malformed log call must still be logged, not break the request
        message = f"{record.msg!r} {record.args!r}"
    record.msg, record.args = redact(message, known), None
    if record.exc_info and not record.exc_text:
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    # The exception object may carry secrets in its args; only the masked text goes on.
    record.exc_info = None
    record.exc_text = redact(record.exc_text, known) if record.exc_text else record.exc_text
    record.stack_info = redact(record.stack_info, known) if record.stack_info else None
    record.callgate_redacted = True
    return record


class RedactingFilter(logging.Filter):
    """A handler filter that scrubs each record before it is formatted; it never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub `record` in place and let it through."""
        scrub(record)
        return True


def install() -> None:
    """Filter every handler of the root, gunicorn and werkzeug loggers; safe to call again."""
    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
    # Handlers added later (an error tracker, a reopened log file) never get the filter, so
    # records are also scrubbed where they are made: the factory sees every logger's records.
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "callgate_redacts", False):

        def scrubbing_factory(*args: object, **kwargs: object) -> logging.LogRecord:
            return scrub(factory(*args, **kwargs))

        scrubbing_factory.callgate_redacts = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(scrubbing_factory)
