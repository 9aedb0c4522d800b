"""What the phone system got with a call: route, the visitor's name and page, the recording
flag, as `/call` wrote them from the stored context (routes/sip.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callgate.console.i18n import gettext as _
from callgate.db.models import Button, Call, WcsSession
from callgate.db.routes import CallContext
from callgate.routes.context import context_of
from callgate.routes.pages import UTM_KEYS
from callgate.routes.sip import display_name
from callgate.routes.store import context_settings
from callgate.visitors.consent import consent_of


def context_facts(
    db: Session, call: Call, session: WcsSession | None, button: Button
) -> dict[str, str]:
    """Return the call's context by label; an em dash where the call carried none."""
    context = context_of(db, session)
    consented = consent_of(db, session) is not None
    recording = context_settings(db, button.id).recording
    if context is None:
        flag = _("not sent")
    elif recording == "if-consented":
        flag = "X-Callgate-Record: yes" if consented else "X-Callgate-Record: no"
    else:
        flag = _("not sent")
    return {
        _("Route"): (context.route_label if context else None) or "–",
        _("Visitor's name"): display_name(context) or "–",
        _("Page"): (context.page if context else None) or "–",
        _("Campaign"): _campaign(call),
        _("Verified customer"): _customer(context),
        _("Consent to the notice"): _("given") if consented else _("not given"),
        _("Recording flag"): flag,
    }


def _campaign(call: Call) -> str:
    """Return the call's `utm_*` values as `key=value` pairs, or an em dash for none."""
    pairs = [(key, getattr(call, key)) for key in UTM_KEYS]
    return ", ".join(f"{key}={value}" for key, value in pairs if value) or "–"


def _customer(context: CallContext | None) -> str:
    """Return the verified customer with its mark, or why the identity sent was not verified."""
    if context is not None and context.customer:
        return _("%(sub)s ✓ verified", sub=context.customer)
    if context is not None and context.identity_problem:
        return _("not verified: %(why)s", why=context.identity_problem)
    return "–"
