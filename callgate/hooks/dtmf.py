"""The `sendDtmf` decision: keypad digits only for buttons that opted in, during their call.

DTMF can reach an IVR or PBX menu that dials out, so it is denied unless the owner asked for
a keypad, and then only inside the call this session placed.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from callgate.db.models import Button, Call, WcsSession
from callgate.errors import Refused
from callgate.guardrails import killswitch

DIGITS = re.compile(r"[0-9*#]{1,20}")


def send_dtmf(db: Session, body: dict, method: str) -> dict:
    """Return `body` echoed if its digits may go into the session's call; else raise Refused."""
    session = db.get(WcsSession, body["sessionId"])
    if session is None or session.closed_at is not None:
        raise Refused("no open session", reason="no_open_session")
    button = db.get(Button, session.button_id)
    if button is None or not button.enabled or not button.dtmf:
        raise Refused(
            f"method {method} not allowed",
            button_id=session.button_id,
            reason="method_not_allowed",
            params={"method": method},
        )
    killswitch.ensure_off(db, button)
    call_id = body.get("callId")
    call = db.get(Call, call_id) if isinstance(call_id, str) else None
    if call is None or call.session_id != session.session_id or call.finished_at is not None:
        raise Refused("no call in progress", button_id=button.id, reason="no_call_in_progress")
    digits = body.get("dtmf")
    if isinstance(digits, bool) or not isinstance(digits, (str, int)):
        digits = None
    if digits is None or not DIGITS.fullmatch(str(digits)):
        raise Refused("bad dtmf digits", button_id=button.id, reason="bad_dtmf")
    return body
