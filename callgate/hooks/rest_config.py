"""Build the `restClientConfig` that `/connect` returns, so WCS fails closed after connect.

WCS's default `restOnError` is LOG, under which a refused or unreachable hook is only logged
and the action goes ahead. Every direct invocation therefore gets FAIL, and the SIP fields we
inject are excluded from what WCS forwards to the browser and from what it posts back to us.
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
# disagree), and incoming invocations. `hangup` stays LOG on purpose: a backend outage must
# never keep a call up.
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
    "sendStreamEvent",
    "availableStream",
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
# Every event WCS documents; notifications, so they stay LOG.
EVENTS = (
    "ConnectionStatusEvent",
    "RegistrationStatusEvent",
    "CallStatusEvent",
    "TransferStatusEvent",
    "StreamStatusEvent",
    "StreamKeepAliveEvent",
    "MessageStatusEvent",
    "DataStatusEvent",
    "SessionDebugStatusEvent",
    "BugReportStatusEvent",
    "ErrorEvent",
)
# Kept from the browser by every entry: the account `/connect` injects, and the number and
# identity `/call` forces (WCS may fill `caller` with the SIP login).
HIDDEN = (*SIP_FIELDS, "callee", "caller")
# Kept from the hook bodies WCS sends back to us: WCS echoes the connection's `sip*` fields
# in its events, so without this the password `/connect` gave it would return on each one.
# The callee is ours already (the button's); what the page asked for tells us nothing.
NOT_RETURNED = (*SIP_FIELDS, "callee")


def _entry(
    on_error: str = "LOG",
    policy: str = "NOTIFY",
    overwrite: str = "",
    exclude: tuple[str, ...] = (),
) -> dict[str, str]:
    return {
        "clientExclude": ",".join(exclude),
        "restExclude": ",".join(NOT_RETURNED),
        "restOnError": on_error,
        "restPolicy": policy,
        "restOverwrite": overwrite,
    }


def rest_client_config() -> dict[str, dict[str, str]]:
    """Return the per-method config: `call`'s SIP fields forced to ours, every action FAIL.

    Every entry, for every method and event WCS documents, hides the SIP account and callee
    from what WCS relays to the browser, and the SIP account and callee from what it posts
    back to us: the password crosses the hook link once, in the `/connect` answer.
    """
    config = {method: _entry("FAIL", exclude=HIDDEN) for method in DIRECT_INVOCATIONS}
    config |= {method: _entry(exclude=HIDDEN) for method in ("connect", *EVENTS, "hangup")}
    config["call"] = _entry("FAIL", "OVERWRITE", ",".join(CALL_SIP_FIELDS), HIDDEN)
    return config
