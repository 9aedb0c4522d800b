"""Call reports from the widget: quality figures and rating, stored with the call.

Everything here comes from the visitor's browser, so it is checked strictly (known fields,
bounded numbers, known tags) and trusted for nothing but statistics: no limit, slot or
decision reads it. Each part is stored once per call; a second report of it is refused.
Consent is not taken from a report: it is stored with the token request (visitors/consent.py);
`consent` in a report, as older widgets send it, is read and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.db.models import WcsSession
from callgate.db.visitors import CallExtras
from callgate.errors import InvalidInput, NotFound, Refused

GRADES = ("good", "fair", "poor")
TAGS = ("echo", "choppy", "oneway", "dropped")
QUALITY_BOUNDS = {
    "rttMs": (0, 60000),
    "jitterMs": (0, 10000),
    "lossPct": (0, 100),
    "samples": (0, 100000),
    "reconnects": (0, 100),
}


class ReportError(InvalidInput):
    """A call report holds an unknown field or a value out of bounds."""

    code = "invalid_report"


class AlreadyReported(Refused):
    """That part of the call's report was stored before."""

    code = "already_reported"


@dataclass(frozen=True)
class Report:
    """A checked report: any of quality figures, consent, rating with tags."""

    quality: dict[str, Any] | None = None
    consent: bool = False
    rating: int | None = None
    tags: tuple[str, ...] = ()


def _number(name: str, value: object) -> float:
    low, high = QUALITY_BOUNDS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ReportError(f"quality.{name} must be a number from {low} to {high}")
    return value


def check_quality(value: object) -> dict[str, Any]:
    """Return the quality figures if every field is known and in bounds; raise ReportError."""
    if not isinstance(value, dict) or not set(value) <= {*QUALITY_BOUNDS, "grade"}:
        raise ReportError(f"quality holds only {', '.join([*QUALITY_BOUNDS, 'grade'])}")
    if value.get("grade") not in GRADES:
        raise ReportError(f"quality.grade must be one of {', '.join(GRADES)}")
    figures = {name: _number(name, v) for name, v in value.items() if name != "grade"}
    return figures | {"grade": value["grade"]}


def check_report(body: object) -> Report:
    """Return the report in a request body (`key` aside); raise ReportError."""
    if not isinstance(body, dict) or not set(body) <= {
        "key",
        "quality",
        "consent",
        "rating",
        "tags",
    }:
        raise ReportError("a report holds key, quality, consent, rating and tags only")
    consent, rating, tags = body.get("consent", False), body.get("rating"), body.get("tags", [])
    if consent is not True and consent is not False:
        raise ReportError("consent must be true or false")
    if rating is not None and (isinstance(rating, bool) or rating not in range(1, 6)):
        raise ReportError("rating must be a whole number from 1 to 5")
    # Each tag must be one of ours before a set is made of them: `{}` or `[]` is unhashable.
    known = isinstance(tags, list) and all(isinstance(tag, str) and tag in TAGS for tag in tags)
    if not known or len(set(tags)) != len(tags):
        raise ReportError(f"tags must be distinct, from {', '.join(TAGS)}")
    if tags and rating is None:
        raise ReportError("tags come with a rating")
    quality = check_quality(body["quality"]) if body.get("quality") is not None else None
    if quality is None and rating is None:
        # Consent alone is nothing to store: it was stored with the token request.
        raise ReportError("the report is empty")
    return Report(quality, consent, rating, tuple(tags))


def store_report(db: Session, jti: str, origin: str, report: Report, now: datetime) -> None:
    """Store `report` with the call of the session that consumed `jti`, asked from `origin`.

    Raise NotFound (no session yet), Refused (another page), AlreadyReported.
    """
    session = db.scalar(select(WcsSession).where(WcsSession.jti == jti))
    if session is None:
        raise NotFound("no call for this report key")
    if session.origin != origin:
        raise Refused("this page did not start that call", button_id=session.button_id)
    extras = db.get(CallExtras, session.session_id) or CallExtras(
        session_id=session.session_id, button_id=session.button_id, reported_at=now
    )
    _apply(db, extras, report, now)
    db.add(extras)
    db.commit()


def _apply(db: Session, extras: CallExtras, report: Report, now: datetime) -> None:
    twice = [
        name
        for name, given, stored in (
            ("quality", report.quality, extras.grade),
            ("rating", report.rating, extras.rating),
        )
        if given is not None and stored is not None
    ]
    if twice:
        raise AlreadyReported(f"{twice[0]} was reported before", button_id=extras.button_id)
    if report.quality:
        q = report.quality
        extras.rtt_ms, extras.jitter_ms = round(q.get("rttMs", 0)), round(q.get("jitterMs", 0))
        extras.loss_pct, extras.grade = q.get("lossPct", 0.0), q["grade"]
        extras.samples, extras.reconnects = q.get("samples"), q.get("reconnects")
    if report.rating is not None:
        extras.rating, extras.tags, extras.rated_at = report.rating, list(report.tags), now
    extras.reported_at = now


def describe_extras(
    extras: CallExtras | None, consent: tuple[str, datetime] | None = None
) -> dict[str, Any]:
    """Return a call's reported extras and its consent as plain data (None when there is none)."""
    e = extras
    quality = (
        {"rttMs": e.rtt_ms, "jitterMs": e.jitter_ms, "lossPct": e.loss_pct, "grade": e.grade}
        | {"samples": e.samples, "reconnects": e.reconnects}
        if e and e.grade
        else None
    )
    return {
        "quality": quality,
        "consent": {"text": consent[0], "at": consent[1].isoformat()} if consent else None,
        "rating": {"score": e.rating, "tags": list(e.tags or [])} if e and e.rating else None,
    }
