"""Keep secrets out of log output: known secret values, and text shaped like a secret.

Every record is cut and masked in time linear in its length. Untrusted values (a path, a
query, a Referer or User-Agent, any argument) are cut to FIELD_LIMIT characters before they
are rendered, and the rendered message to MESSAGE_LIMIT, so a hostile request cannot make a
log line expensive. The shapes below are anchored at the start of a word, so no pattern is
retried from every position inside a long run of characters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping

from callgate.vault.known import MASK, KnownSecrets

__all__ = ["KNOWN", "MASK", "KnownSecrets", "RedactingFilter", "install", "redact", "scrub"]

LOGGERS = ("", "gunicorn.error", "gunicorn.access", "werkzeug")
#: Characters kept of one logged value, and of one rendered message.
FIELD_LIMIT = 512
MESSAGE_LIMIT = 8192

_START = r"(?<![\w-])"
_KEY = r"(?:[\w-]*(?:password|passwd|secret|secret_?key|token)|(?:proxy-)?authorization)"
# A quoted value up to its closing quote, or to the end of the text when it has none (a value
# cut short is masked whole rather than left readable).
_QUOTED = r"""(["'])((?:\\(?:[\s\S]|\Z)|(?!\2)[^\\])*)(\2|\Z)"""
SHAPES = (
    # "sipPassword": "…", 'token': '…', password='…' (JSON and Python reprs)
    re.compile(rf"""(?i)({_START}["']?{_KEY}["']?\s*[:=]\s*){_QUOTED}"""),
    # ('Authorization', 'WCS …'): header lists as Werkzeug prints them
    re.compile(rf"""(?i)(["'](?:proxy-)?authorization["']\s*,\s*){_QUOTED}"""),
    # Authorization: WCS … (a raw header line; the rest of the line is the credential)
    re.compile(rf"""(?i)({_START}(?:proxy-)?authorization\s*:\s*)()(?!["'\s])([^\r\n]+)()"""),
    # token=… in query strings and key=value logs
    re.compile(rf"""(?i)({_START}{_KEY}=)()([^\s&"',;]+)()"""),
    # an itsdangerous or JWT token: three base64url segments, the first a JSON object
    re.compile(rf"""(){_START}()(eyJ[\w-]+\.[\w-]+\.[\w-]+)()"""),
)

KNOWN = KnownSecrets()


def redact(text: str, known: KnownSecrets = KNOWN) -> str:
    """Return `text` with known secret values and secret-shaped substrings masked."""
    text = known.mask(text)
    for shape in SHAPES:
        text = shape.sub(lambda m: f"{m[1]}{m[2]}{MASK}{m[4]}", text)
    return text


def cut(text: str, limit: int, known: KnownSecrets = KNOWN) -> str:
    """Return `text` cut to at most `limit` characters, with a note of how much was cut.

    The cut never falls inside a known secret (it moves before it), so the part kept can
    still be masked whole.
    """
    if len(text) <= limit:
        return text
    end = known.safe_cut(text, limit)
    return f"{text[:end]}…[{len(text) - end} characters cut]"


def _cut_args(args: object, known: KnownSecrets) -> object:
    """Cut the string arguments of a record (a tuple, or a mapping such as gunicorn's atoms)."""
    if isinstance(args, MutableMapping):
        for key, value in list(args.items()):
            if isinstance(value, str) and len(value) > FIELD_LIMIT:
                args[key] = cut(value, FIELD_LIMIT, known)
        return args
    if isinstance(args, tuple):
        return tuple(cut(a, FIELD_LIMIT, known) if isinstance(a, str) else a for a in args)
    return args


_FORMATTER = logging.Formatter()


def scrub(record: logging.LogRecord, known: KnownSecrets = KNOWN) -> logging.LogRecord:
    """Cut and render the record's message with its args, then mask it, its traceback, stack."""
    if getattr(record, "callgate_redacted", False):
        return record
    record.args = _cut_args(record.args, known)  # type: ignore[assignment]
    try:
        message = record.getMessage()
    except Exception:  # a malformed log call must still be logged, not break the request
        message = f"{record.msg!r} {record.args!r}"
    record.msg, record.args = redact(cut(message, MESSAGE_LIMIT, known), known), None
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
