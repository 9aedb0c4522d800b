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
