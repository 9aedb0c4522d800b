"""What an audit row means, apart from its English words: a stable code and its values.

A row's `reason` is English, for `flask audit list` and the API; what it means is kept apart,
for the console to say it in its own language: `details["say"]` is {"code": a stable code,
"params": {name: text or number}}, e.g. {"code": "rate_limited", "params": {"kind": "ip"}}.
A refusal's code is its error's `reason` or `code` (CallgateError.said).
"""

from __future__ import annotations

#: The key of `details` that holds a row's machine-readable reason.
SAY = "say"


def said(code: str, **params: str | int | None) -> dict:
    """Return the `details` that record the reason `code` with its varying `params`."""
    return {SAY: {"code": code, "params": params}}


def coded(details: dict) -> dict:
    """Return `details` (made by `said`) if they hold a reason's code; raise ValueError if not.

    The writers that take a reason from their callers check it here, so that no row of theirs
    reaches the trail without the code the console says.
    """
    say = details.get(SAY) if isinstance(details, dict) else None
    if not isinstance(say, dict) or not isinstance(say.get("code"), str):
        raise ValueError(f"an audit reason without its code: {details!r}")
    if not isinstance(say.get("params"), dict):
        raise ValueError(f"an audit reason without its values: {details!r}")
    return details
