"""Build the bodies our hooks answer WCS with: the request echoed, with our values forced."""

from __future__ import annotations

from cryptography.fernet import MultiFernet

from callgate.db.models import Button
from callgate.hooks.rest_config import rest_client_config
from callgate.vault.stored import reveal


def connect_answer(body: dict, button: Button, vault: MultiFernet) -> dict:
    """Echo a `/connect` body with every `sip*` field WCS knows set from the button's account.

    Each one is set, whether the page sent it or not, so nothing the page chose can survive
    even if WCS merged our answer into its own (unconfirmed). The password is decrypted here,
    the only place that needs it; raises DecryptError.
    """
    password = reveal(vault, button)
    proxy = button.sip_outbound_proxy or button.sip_domain or ""
    answer = {k: v for k, v in body.items() if not k.startswith("sip") and k != "restClientConfig"}
    return answer | {
        "sipLogin": button.sip_login,
        "sipAuthenticationName": button.sip_auth_name or button.sip_login,
        "sipPassword": password,
        "sipDomain": button.sip_domain or "",
        "sipOutboundProxy": proxy,
        "sipProxy": proxy,
        "sipPort": button.sip_port,
        "sipRegisterRequired": button.sip_register,
        "sipVisibleName": "",
        "sipContactParams": "",
        "restClientConfig": rest_client_config(),
    }


def call_answer(body: dict, callee: str, button: Button, pbx: dict | None = None) -> dict:
    """Echo a `/call` body with every field that reaches SIP set by the button (or emptied).

    The page chose them all: the number, the From identity and display name, extra SIP
    headers (P-Asserted-Identity, Diversion…), INVITE and SDP parameters, an MSRP session.
    `restOverwrite` names exactly these fields, so WCS takes ours for each of them. `pbx` is
    the server's own display name and `X-Callgate-*` headers for a call with context
    (routes/calls.py).
    """
    return (
        body
        | {
            "callee": callee,
            "caller": button.sip_login,
            "visibleName": "",
            "sipHeaders": [],
            "sipSDP": [],
            "inviteParameters": {},
            "isMsrp": False,
        }
        | (pbx or {})
    )
