"""hooks/rest_config.py: the restClientConfig that makes WCS fail closed after connect."""

from __future__ import annotations

import pytest

from callgate.hooks.rest_config import (
    CALL_SIP_FIELDS,
    DIRECT_INVOCATIONS,
    SIP_FIELDS,
    rest_client_config,
)

CONFIG = rest_client_config()
KEYS = {"clientExclude", "restExclude", "restOnError", "restPolicy", "restOverwrite"}


def excluded(method: str) -> set[str]:
    return set(CONFIG[method]["clientExclude"].split(","))


def test_call_overwrites_every_sip_field_and_fails_closed():
    call = CONFIG["call"]
    assert (call["restPolicy"], call["restOnError"]) == ("OVERWRITE", "FAIL")
    overwritten = call["restOverwrite"].split(",")
    assert overwritten == list(CALL_SIP_FIELDS)
    assert {"callee", "caller", "visibleName", "sipHeaders", "inviteParameters"} <= set(overwritten)


@pytest.mark.parametrize("method", DIRECT_INVOCATIONS)
def test_direct_invocations_fail_closed(method):
    assert CONFIG[method]["restOnError"] == "FAIL"
    assert CONFIG[method]["restPolicy"] == "NOTIFY"


@pytest.mark.parametrize(
    "method",
    [
        "transfer",
        "sendDtmf",
        "sendDTMF",
        "answer",
        "hold",
        "unhold",
        "sendMessage",
        "publishStream",
        "playStream",
        "OnDataEvent",
    ],
)
def test_dangerous_actions_are_present_and_fail(method):
    assert method in DIRECT_INVOCATIONS
    assert CONFIG[method]["restOnError"] == "FAIL"


def test_hangup_is_not_fail():
    # Under FAIL, a hook outage would make WCS refuse the hangup and keep the call (and its
    # cost) running; hanging up must always succeed, so it stays LOG.
    assert CONFIG["hangup"]["restOnError"] == "LOG"
    assert "hangup" not in DIRECT_INVOCATIONS


#: Every method and event wcs-protocol.md names (types 1-4, the match table, the SDK's frames).
DOCUMENTED = (
    *("connect", "call", "answer", "hold", "unhold", "transfer", "sendDTMF", "sendDtmf"),
    *("sendMessage", "sendIMDN", "subscribe", "sendXcapRequest", "publishStream"),
    *("playStream", "playHLS", "playRTSP", "OnDataEvent", "sendData", "sendBugReport"),
    *("submitBugReport", "hangup", "unPublishStream", "stopStream", "pauseStream"),
    *("snapshot", "pushLogs", "sessionDebug", "sendStreamEvent", "availableStream"),
    *("OnCallEvent", "OnMessageEvent"),
    *("ConnectionStatusEvent", "RegistrationStatusEvent", "CallStatusEvent"),
    *("TransferStatusEvent", "StreamStatusEvent", "StreamKeepAliveEvent"),
    *("MessageStatusEvent", "DataStatusEvent", "SessionDebugStatusEvent"),
    *("BugReportStatusEvent", "ErrorEvent"),
)


def test_every_documented_method_and_event_has_an_entry():
    assert set(DOCUMENTED) == set(CONFIG)


@pytest.mark.parametrize("method", DOCUMENTED)
def test_sip_fields_and_the_callee_never_reach_the_browser(method):
    assert {*SIP_FIELDS, "callee", "caller"} <= excluded(method)


def test_sip_fields_cover_the_credentials():
    assert {"sipLogin", "sipAuthenticationName", "sipPassword", "sipDomain"} <= set(SIP_FIELDS)


@pytest.mark.parametrize("method", ["call", "CallStatusEvent", "hangup"])
def test_callee_and_caller_are_hidden(method):
    assert {"callee", "caller"} <= excluded(method)


@pytest.mark.parametrize("method", sorted(CONFIG))
def test_entry_shape(method):
    entry = CONFIG[method]
    assert set(entry) == KEYS
    assert all(isinstance(value, str) for value in entry.values())
    assert entry["restOnError"] in {"LOG", "FAIL"}
    assert entry["restPolicy"] in {"NOTIFY", "OVERWRITE"}
    assert "" not in entry["clientExclude"].split(",") or entry["clientExclude"] == ""


def test_only_call_overwrites():
    overwriting = {m for m, e in CONFIG.items() if e["restPolicy"] == "OVERWRITE"}
    assert overwriting == {"call"}
    assert all(e["restOverwrite"] == "" for m, e in CONFIG.items() if m != "call")


def test_config_is_a_fresh_copy():
    first = rest_client_config()
    first["call"]["restOnError"] = "LOG"
    assert rest_client_config()["call"]["restOnError"] == "FAIL"


def rest_excluded(method: str) -> set[str]:
    return set(CONFIG[method]["restExclude"].split(","))


@pytest.mark.parametrize("method", DOCUMENTED)
def test_sip_fields_and_the_callee_never_come_back_in_a_hook_body(method):
    # WCS echoes the connection's sip* fields in its events: the password would come back.
    assert {*SIP_FIELDS, "callee"} <= rest_excluded(method)
