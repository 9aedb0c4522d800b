"""The stored SIP password stays bound to where it is sent: the account and the host.

The password is write-only, so that nobody who edits a button can read it. Were the login,
the authentication name, the domain, the outbound proxy or the port changeable without it,
an editor could point the stored password at a host of their own, and WCS would answer that
host's digest challenges with it. So a change to any of them needs the password in the same
save; every face (the console, the CLI, any API) gets this rule from the store.
"""

from __future__ import annotations

from callgate.buttons.text_rules import ButtonError
from callgate.db.models import Button

#: The fields that say which account the password opens and which host receives it.
DESTINATION = ("sip_login", "sip_auth_name", "sip_domain", "sip_outbound_proxy", "sip_port")


def moved(button: Button, values: dict[str, object]) -> list[str]:
    """Return the destination fields that `values` (checked button fields) change."""
    return [n for n in DESTINATION if n in values and values[n] != getattr(button, n)]


def check_destination(button: Button, values: dict[str, object]) -> None:
    """Raise ButtonError `sip_password_required` if `values` move the password without it."""
    changed = moved(button, values)
    if changed and "sip_password" not in values:
        raise ButtonError(
            f"changing {', '.join(changed)} needs the SIP password again in the same change",
            button_id=button.id,
            code="sip_password_required",
            field="sip_password",
            names=changed,
        )
