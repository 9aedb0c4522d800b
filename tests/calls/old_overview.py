"""The overview's figures as the console first computed them, row by row in Python.

Kept only to check that the database's GROUP BY figures (calls/stats.py) are the same.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.calls.refusal_kinds import category
from callgate.calls.stats import REFUSED_ACTIONS, Figures, Overview, add
from callgate.db.models import AuditEvent, Button, Call, WcsSession
from callgate.guardrails.budget import CallTimes, talk_seconds


def overview(db: Session, buttons: list[Button], now: datetime, days: int = 30) -> Overview:
    """Return the figures of `buttons` for the last `days` UTC days up to `now`."""
    today = now.astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    ids = [b.id for b in buttons]
    per_day: dict[date, Figures] = defaultdict(Figures)
    by_button: dict[str, Figures] = defaultdict(Figures)
    by_button_today: dict[str, Figures] = defaultdict(Figures)
    for button_id, day, one in _calls(db, ids, start, now) + _refusals(db, buttons, start):
        add(per_day[day], one)
        add(by_button[button_id], one)
        if day == today:
            add(by_button_today[button_id], one)
    series = [(first + timedelta(days=n), per_day[first + timedelta(days=n)]) for n in range(days)]
    total = Figures()
    for _day, figures in series:
        add(total, figures)
    return Overview(series, per_day[today], total, dict(by_button), dict(by_button_today))


Row = tuple[str, date, Figures]


def _calls(db: Session, ids: list[str], start: datetime, now: datetime) -> list[Row]:
    query = (
        select(Call, WcsSession.closed_at)
        .outerjoin(WcsSession, WcsSession.session_id == Call.session_id)
        .where(Call.button_id.in_(ids), Call.created_at >= start)
    )
    found = []
    for call, closed_at in db.execute(query):
        times = CallTimes(call.established_at, call.finished_at, call.talk_seconds, closed_at)
        answered = call.established_at is not None
        ended = call.finished_at is not None or closed_at is not None
        one = Figures(1, int(answered), int(ended and not answered), 0, talk_seconds(times, now))
        found.append((call.button_id, call.created_at.astimezone(UTC).date(), one))
    return found


def _refusals(db: Session, buttons: list[Button], start: datetime) -> list[Row]:
    known = {b.id: b for b in buttons}
    query = select(AuditEvent).where(
        AuditEvent.outcome == "refused",
        AuditEvent.action.in_(REFUSED_ACTIONS),
        AuditEvent.button_id.in_(list(known)),
        AuditEvent.at >= start,
    )
    found = []
    for event in db.scalars(query):
        kind = category(event.code, known.get(event.button_id or ""), event.at)
        one = Figures(refused=1, reasons=Counter({kind: 1}))
        found.append((event.button_id or "", event.at.astimezone(UTC).date(), one))
    return found
