"""Safe text: whatever the page sends comes out as one printable line with no SIP delimiter,
capped; anything that is not text comes out empty."""

from __future__ import annotations

import pytest

from callgate.routes.safe_text import UNSAFE, clean_text

CASES = [
    ("Ann Lee", 40, "Ann Lee"),
    ("  Ann \t\r\n Lee  ", 40, "Ann Lee"),
    ('"Ann" <sip:x@evil>;tag=1\\', 40, "Ann sip:x@evil tag=1"),
    ("a\x00b\x7fc\u0085d\u2028e\u2029f", 40, "a b c d e f"),
    ("\u202eevil", 40, "evil"),
    ("x" * 10_000, 40, "x" * 40),
    ("word " * 30, 12, "word word wo"),
    ("e\u0301", 40, "é"),
    ("", 40, ""),
    (None, 40, ""),
    (42, 40, ""),
    (["Ann"], 40, ""),
]


@pytest.mark.parametrize(("value", "most", "clean"), CASES)
def test_page_text_becomes_one_safe_line(value, most, clean):
    text = clean_text(value, most)
    assert text == clean
    assert text.isprintable() and not UNSAFE & set(text) and len(text) <= most
