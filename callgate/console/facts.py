"""The facts shown on a call's page: dicts of label to value, each rendered as one list.

The call's own facts, and what came from the visitor: the rating, the notice accepted and when,
the quality the widget measured.
"""

from __future__ import annotations

from datetime import datetime

from callgate.buttons.schedule import format_hours
from callgate.calls.refusal_kinds import category as category_of
from callgate.calls.timeline import Story
from callgate.console import reasons
from callgate.console.i18n import gettext as _
from callgate.db.models import AuditEvent, Button
from callgate.db.visitors import CallExtras

#: The issues a visitor can tick with a rating (visitors/reports.py TAGS), in words.
TAGS = {
    "echo": "echo",
    "choppy": "choppy audio",
    "oneway": "one-way audio",
    "dropped": "call dropped",
}
GRADES = {"good": "good", "fair": "fair", "poor": "poor"}


def when(moment: datetime | None) -> str:
    """Return a UTC time as the console prints it."""
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "–"


def talk(seconds: float | None) -> str:
    """Return a talk time as m:ss, or h:mm:ss from an hour on."""
    if seconds is None:
        return "–"
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


def ended_by_text(code: str | None) -> str:
    """Return who ended a call, in words."""
    words = {
        "visitor": _("the visitor hung up"),
        "remote": _("the called side or the gateway"),
        "failed": _("the call failed before it was answered"),
        "disconnected": _("the visitor's connection closed"),
        None: _("still in progress"),
    }
    return words.get(code, code or "")


def call_facts(story: Story, button: Button) -> dict[str, str]:
    """Return the call's facts by label."""
    call, session = story.call, story.session
    return {
        _("Button"): button.name,
        _("Call id"): call.call_id,
        _("Page origin"): session.origin if session else "–",
        _("Visitor network"): (session.visitor_ip if session else None) or "–",
        _("Started"): when(call.created_at),
        _("Answered"): when(call.established_at),
        _("Ended"): when(call.finished_at or (session.closed_at if session else None)),
        _("Talk time"): talk(call.talk_seconds),
        _("Final status"): call.final_status or _("in progress"),
        _("Ended by"): ended_by_text(story.ended_by),
        _("WCS node"): (session.node_id if session else None) or "–",
    }


def visitor_facts(
    extras: CallExtras | None, consent: tuple[str, datetime] | None
) -> dict[str, str]:
    """Return what came from the visitor by label: rating, issues, notice accepted, quality."""
    rated = extras is not None and extras.rating is not None
    tags = [_(TAGS.get(tag, tag)) for tag in (extras.tags or [])] if rated and extras else []
    return {
        _("Rating"): _("%(n)s of 5", n=extras.rating) if rated and extras else _("not given"),
        _("Issues the visitor ticked"): ", ".join(tags) or "–",
        _("Notice accepted"): consent[0] if consent else _("none"),
        _("Accepted at"): when(consent[1]) if consent else "–",
        _("Call quality"): quality_text(extras),
    }


def quality_text(extras: CallExtras | None) -> str:
    """Return the quality the widget measured in one line, or a dash when it sent none."""
    if extras is None or not extras.grade:
        return "–"
    parts = [
        _(GRADES.get(extras.grade, extras.grade)),
        _("round trip %(n)s ms", n=extras.rtt_ms),
        _("jitter %(n)s ms", n=extras.jitter_ms),
        _("loss %(n)s %%", n=f"{extras.loss_pct or 0:g}"),
    ]
    if extras.reconnects:
        parts.append(_("reconnects: %(n)s", n=extras.reconnects))
    return " · ".join(parts)


def explanation(category: str, button: Button) -> str:
    """Return why an attempt of this category was refused, for the owner to act on."""
    texts = {
        "origin": _(
            "The page asking to call is not on this button's allowed origins (%(origins)s). "
            "Add its origin in the editor if it is your site.",
            origins=", ".join(button.origins),
        ),
        "hours": _(
            "The button was closed: outside its opening hours (%(hours)s, %(zone)s).",
            hours=format_hours(button.schedule),
            zone=button.timezone,
        ),
        "holiday": _("The button was closed for a holiday on that date."),
        "budget": _("The button had used its daily budget of calls or talk minutes."),
        "limit": _("A limit was reached: too many requests or too many calls at the same time."),
        "kill_switch": _("The kill switch was on: calls were stopped on purpose."),
        "token": _("The call token was expired, already used or not valid."),
        "other": _("The request could not be accepted."),
    }
    return texts.get(category, texts["other"])


def attempt_facts(event: AuditEvent, button: Button) -> tuple[dict[str, str], str]:
    """Return a refused attempt's facts by label, and its category."""
    category = category_of(event.code, button, event.at)
    steps = {"token": _("call token"), "connect": _("connect"), "call": _("call")}
    return {
        _("Button"): button.name,
        _("Time"): when(event.at),
        _("Refused at"): steps.get(event.action, event.action),
        _("Page origin"): event.origin or "–",
        _("Reason given"): reasons.say(event.reason, event.details) or "–",
        _("Why"): explanation(category, button),
        _("Visitor network"): event.client_ip or "–",
    }, category
