"""Shared tables of the management API tests."""

from __future__ import annotations

#: Cursors this server never gave: instants out of range in UTC or without a zone, ids that
#: are not text, or are empty or too long, parts of the wrong kind or number.
BAD_CURSORS = [
    "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzA1OjAwIiwgIngiXQ",
    "WyI5OTk5LTEyLTMxVDIzOjU5OjU5LTA1OjAwIiwgIngiXQ",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwIiwgIngiXQ",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIiwgN10",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIiwgIiJd",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIiwgInh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eCJd",
    "WzE3MzMwNTAwMDAsICJ4Il0",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIl0",
    "eyJhdCI6IDF9",
]

#: Well-formed cursors whose id holds a NUL, a lone surrogate, a CR/LF.
HOSTILE_ID_CURSORS = [
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIiwgImFcdTAwMDBiIl0",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIiwgImFcdWQ4MDBiIl0",
    "WyIyMDI2LTEyLTAxVDEwOjAwOjAwKzAwOjAwIiwgImFcclxuYiJd",
]
