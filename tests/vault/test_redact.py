"""vault/redact.py: known values and secret shapes are masked in messages, tracebacks, stacks."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from callgate.vault import redact
from callgate.vault.redact import MASK, KnownSecrets, RedactingFilter

PASSWORD = "Redact-Me-SIP-9731"
TOKEN = "eyJ2IjoxLCJiIjoiYWJjIn0.aSbXyw.Zm9vYmFyYmF6cXV4"
SIGNATURE = "WCS 5f2b1c9d0e8a7b6c5d4e3f2a1b0c9d8e"


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ('{"sipPassword": "p@ss \\" w0rd", "sipLogin": "l"}', '"sipLogin": "l"', "w0rd"),
        ('{"sipPassword":"abc123"}', '"sipPassword":"', "abc123"),
        ("{'sipPassword': 'abc123', 'x': 1}", "'x': 1", "abc123"),
        ("sip_password=abc123 next=1", "next=1", "abc123"),
        ('{"token": "opaque-value", "expiresIn": 60}', '"expiresIn": 60', "opaque-value"),
        ("GET /api?token=opaque.value&lang=en HTTP/1.1", "&lang=en HTTP/1.1", "opaque.value"),
        ("GET /x?access_token=opaque123 HTTP/1.1", " HTTP/1.1", "opaque123"),
        (f"Authorization: {SIGNATURE}\nHost: a", "\nHost: a", SIGNATURE),
        (f"authorization:{SIGNATURE}", "authorization:", SIGNATURE),
        (f"{{'Authorization': '{SIGNATURE}', 'Host': 'a'}}", "'Host': 'a'", SIGNATURE),
        (f"Headers([('Authorization', '{SIGNATURE}'), ('Host', 'a')])", "('Host', 'a')", "5f2b"),
        (f"custom={{'token': '{TOKEN}'}}", "custom=", TOKEN),
        (f"bad token {TOKEN} refused", " refused", TOKEN),
        ("SECRET_KEY=abcdef123 'secret_key': 'xyz789'", "SECRET_KEY=", "xyz789"),
    ],
)
def test_shapes_are_masked(text, kept, gone):
    masked = redact.redact(text, KnownSecrets())
    assert gone not in masked
    assert kept in masked
    assert MASK in masked


@pytest.mark.parametrize(
    "text",
    [
        "hook connect ok session=/203.0.113.7:40001/198.51.100.1:8443",
        '{"token_limits": {}, "tokens": 3, "expiresIn": 60}',
        "POST /api/v1/buttons/abc/token HTTP/1.1 200",
        "CALLGATE_WCS_HOOK_SECRETS is not set: every WCS hook request will be refused",
        "jti=Q2x1c3Rlcg button=btn-1",
    ],
)
def test_ordinary_lines_are_left_alone(text):
    assert redact.redact(text, KnownSecrets()) == text


def test_known_values_are_masked_wherever_they_appear():
    known = KnownSecrets()
    known.remember(PASSWORD)
    known.remember("abc")  # too short to be treated as a secret
    text = f"x{PASSWORD}y {PASSWORD[::-1]} {PASSWORD}{PASSWORD} abc"
    assert known.mask(text) == f"x{MASK}y {PASSWORD[::-1]} {MASK} abc"
    assert PASSWORD not in repr(vars(known))


def test_known_set_is_bounded_and_forgets_the_oldest():
    known = KnownSecrets(capacity=3)
    for value in ("first-secret", "second-secret", "third-secret", "fourth-secret!"):
        known.remember(value)
    known.remember("second-secret")
    known.remember("fifth-secret")
    masked = known.mask("first-secret second-secret third-secret fourth-secret! fifth-secret")
    assert masked == f"first-secret {MASK} third-secret {MASK} {MASK}"


def record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    """A record made directly, as a socket receiver would, bypassing the record factory."""
    made = logging.LogRecord("t", logging.ERROR, __file__, 1, msg, args, None)
    made.__dict__.update(extra)
    return made


def test_filter_renders_args_then_masks_message_traceback_and_stack():
    redact.KNOWN.remember(PASSWORD)
    try:
        raise RuntimeError(f"failed with sipPassword={PASSWORD}")
    except RuntimeError:
        exc_info = sys.exc_info()
    item = record("answer %s for %s", {"sipPassword": PASSWORD}, PASSWORD, exc_info=exc_info)
    item.stack_info = f"Stack (most recent call last):\n  token={TOKEN}"
    assert RedactingFilter().filter(item) is True
    text = logging.Formatter().format(item)
    assert PASSWORD not in text and TOKEN not in text
    assert "RuntimeError: failed with sipPassword=" in text
    assert text.startswith(f"answer {{'sipPassword': '{MASK}'}} for {MASK}")
    assert item.args is None and item.exc_info is None


def test_filter_survives_a_malformed_log_call():
    item = record("two %s %s", PASSWORD)
    redact.KNOWN.remember(PASSWORD)
    RedactingFilter().filter(item)
    assert "two %s %s" in item.getMessage() and PASSWORD not in item.getMessage()


@pytest.fixture
def handlers():
    """A plain handler on each logger `install` covers; removed afterwards."""
    added = {name: logging.StreamHandler(io.StringIO()) for name in redact.LOGGERS}
    for name, handler in added.items():
        logging.getLogger(name).addHandler(handler)
    yield added
    for name, handler in added.items():
        logging.getLogger(name).removeHandler(handler)


def test_install_is_idempotent_and_covers_every_named_logger(handlers):
    redact.install()
    factory = logging.getLogRecordFactory()
    redact.install()
    assert logging.getLogRecordFactory() is factory
    for handler in handlers.values():
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1


def test_a_handler_added_after_install_gets_masked_records():
    redact.install()
    redact.KNOWN.remember(PASSWORD)
    stream = io.StringIO()
    logger = logging.getLogger("callgate.test.late")
    late = logging.StreamHandler(stream)
    logger.addHandler(late)
    try:
        logger.error("late %s", PASSWORD, stack_info=True)
    finally:
        logger.removeHandler(late)
    assert "late " + MASK in stream.getvalue()
    assert PASSWORD not in stream.getvalue()


def access_line(environ: dict, tmp_path) -> str:
    """Log one request through gunicorn's own access logger, as a worker does; return the line."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    # gunicorn's Logger reconfigures the process-wide gunicorn.* loggers: put them back after.
    kept = {
        name: (found.propagate, found.level, list(found.handlers))
        for name in ("gunicorn.access", "gunicorn.error")
        for found in [logging.getLogger(name)]
    }
    logger = Logger(config)
    redact.install()
    request = SimpleNamespace(headers=[])
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)
    base = {"REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.7"}
    try:
        logger.access(response, request, base | environ, timedelta(milliseconds=3))
    finally:
        for handler in logger.access_log.handlers:
            handler.close()
        for name, (propagate, level, handlers) in kept.items():
            found = logging.getLogger(name)
            found.propagate, found.handlers[:] = propagate, handlers
            found.setLevel(level)
    return (tmp_path / "access.log").read_text()


def test_access_log_fields_are_cut_before_they_are_logged(tmp_path):
    line = access_line(
        {
            "RAW_URI": "/widget.js?" + "q" * 9000,
            "HTTP_REFERER": "https://evil.example/" + "r" * 8192,
            "HTTP_USER_AGENT": "Mozilla/5.0 " + "u" * 8192,
        },
        tmp_path,
    )
    assert len(line) < 4 * redact.FIELD_LIMIT
    assert line.count("characters cut]") == 3
    assert line.startswith("203.0.113.7 - - [") and '"GET /widget.js?qqq' in line
    assert '"https://evil.example/rrr' in line and '"Mozilla/5.0 uuu' in line


def test_short_access_lines_are_left_whole(tmp_path):
    line = access_line(
        {
            "RAW_URI": "/widget.js",
            "HTTP_REFERER": "https://shop.example.com/",
            "HTTP_USER_AGENT": "X",
        },
        tmp_path,
    )
    assert '"GET /widget.js HTTP/1.1" 200 512 "https://shop.example.com/" "X"' in line
    assert "cut]" not in line


def test_arguments_and_messages_are_cut(caplog):
    logger = logging.getLogger("callgate.test.cut")
    redact.install()
    with caplog.at_level(logging.WARNING, logger="callgate.test.cut"):
        logger.warning("hook %s refused: %s", "m" * 4000, "bad signature")
        logger.warning("%s" * 40, *(["w" * 500] * 40))
    method, many = (r.getMessage() for r in caplog.records)
    assert method.startswith("hook " + "m" * redact.FIELD_LIMIT + "…[3488 characters cut]")
    assert method.endswith(" refused: bad signature")
    assert len(many) < redact.MESSAGE_LIMIT + 100 and many.endswith("characters cut]")


def test_a_cut_never_leaves_part_of_a_known_secret():
    known = KnownSecrets()
    known.remember(PASSWORD)
    for before in range(redact.FIELD_LIMIT - len(PASSWORD), redact.FIELD_LIMIT + 1):
        text = "a" * before + PASSWORD + "b" * 1000
        kept = redact.redact(redact.cut(text, redact.FIELD_LIMIT, known), known)
        assert PASSWORD[:3] not in kept and PASSWORD[-3:] not in kept
        assert len(kept) <= redact.FIELD_LIMIT + 40


@pytest.mark.parametrize(
    "text",
    [
        '{"sipPassword": "abc123 cut here',
        "{'token': 'abc123",
        '{"sipPassword": "abc123\\',
    ],
)
def test_a_secret_value_without_its_closing_quote_is_masked_to_the_end(text):
    masked = redact.redact(text, KnownSecrets())
    assert "abc123" not in masked and MASK in masked


def test_lone_surrogates_are_logged_not_raised():
    known = KnownSecrets()
    known.remember("\ud800abc-secret")
    assert redact.redact("x \ud800abc-secret y \udfff", known) == f"x {MASK} y \udfff"
