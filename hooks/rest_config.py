"""Build the `restClientConfig` that `/connect` returns, so WCS fails closed after connect.

WCS's default `restOnError` is LOG, under which a refused or unreachable hook is only logged
and the action goes ahead. Every direct invocation therefore gets FAIL, and the SIP fields we
inject are excluded from what WCS forwards to the browser.
"""

from __future__ import annotations

# Every `sip*` connect parameter WCS documents; `/connect` sets each one from the button.
SIP_FIELDS = (
    "sipLogin",
    "sipAuthenticationName",
    "sipPassword",
    "sipDomain",
    "sipOutboundProxy",
    "sipProxy",
    "sipPort",
    "sipRegisterRequired",
    "sipVisibleName",
    "sipContactParams",
)

# Client-started actions WCS documents as direct invocations (both spellings where the docs
# disagree). `hangup` stays LOG on purpose: a backend outage must never keep a call up.
DIRECT_INVOCATIONS = (
    "answer",
    "hold",
    "unhold",
    "transfer",
    "sendDTMF",
    "sendDtmf",
    "sendMessage",
    "sendIMDN",
    "subscribe",
    "sendXcapRequest",
    "publishStream",
    "unPublishStream",
    "playStream",
    "stopStream",
    "pauseStream",
    "playHLS",
    "playRTSP",
    "snapshot",
    "OnDataEvent",
    "sendData",
    "sendBugReport",
    "submitBugReport",
    "pushLogs",
    "sessionDebug",
    "OnCallEvent",
    "OnMessageEvent",
)

# Every field of a call that reaches the SIP INVITE; `/call` sets each from the button.
CALL_SIP_FIELDS = (
    "callee",
    "caller",
    "visibleName",
    "sipHeaders",
    "sipSDP",
    "inviteParameters",
    "isMsrp",
)

SECRET_BEARING = ("connect", "ConnectionStatusEvent", "RegistrationStatusEvent")
CALL_BEARING = ("CallStatusEvent", "hangup")


def _entry(
    on_error: str = "LOG",
    policy: str = "NOTIFY",
    overwrite: str = "",
    exclude: tuple[str, ...] = (),
) -> dict[str, str]:
    return {
        "clientExclude": ",".join(exclude),
        "restExclude": "",
        "restOnError": on_error,
        "restPolicy": policy,
        "restOverwrite": overwrite,
    }


def rest_client_config() -> dict[str, dict[str, str]]:
    """Return the per-method config: `call`'s SIP fields forced to ours, every action FAIL."""
    # WCS may fill `caller` with the SIP login, so it is kept from the browser too.
    call_exclude = (*SIP_FIELDS, "callee", "caller")
    config = {method: _entry("FAIL") for method in DIRECT_INVOCATIONS}
    config |= {method: _entry(exclude=SIP_FIELDS) for method in SECRET_BEARING}
    config |= {method: _entry(exclude=call_exclude) for method in CALL_BEARING}
    config["call"] = _entry("FAIL", "OVERWRITE", ",".join(CALL_SIP_FIELDS), call_exclude)
    return config
