"""The facts shown on a call's page: a dict of label to value, rendered as one list.

More facts about a call (quality figures, a rating, consent) are one more entry here.
"""

from __future__ import annotations

from datetime import datetime

from audit.explain import category as category_of
from buttons.schedule import format_hours
from calls.timeline import Story
from console.i18n import gettext as _
from db.models import AuditEvent, Button


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
    category = category_of(event.reason, button, event.at)
    steps = {"token": _("call token"), "connect": _("connect"), "call": _("call")}
    return {
        _("Button"): button.name,
        _("Time"): when(event.at),
        _("Refused at"): steps.get(event.action, event.action),
        _("Page origin"): event.origin or "–",
        _("Reason given"): event.reason or "–",
        _("Why"): explanation(category, button),
        _("Visitor network"): event.client_ip or "–",
    }, category
