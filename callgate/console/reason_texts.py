"""What the console says for each reason code of the audit trail, in English.

A row's code and values are in its details (audit/trail.py `said`); `%(name)s` is filled from
the values, and the words of WORDS are said in the console's language. Russian is in
console/texts_ru_audit.py.
"""

from __future__ import annotations

from callgate.console.error_texts import KINDS

#: The reason that is said as the row's own recorded words (a closed button's message).
OWN_WORDS = "closed_own"

TEXTS: dict[str, str] = {
    # Call tokens and callback requests (the widget API).
    "page_origin": "page origin %(origin)s",
    "origin_not_listed": "this site is not allowed to use this button",
    "origin_invalid": "the page's origin is missing or invalid",
    "kill_switch": "the kill switch is on",
    "budget_exhausted": "the daily budget is used up",
    "too_many_calls": "too many calls at the same time",
    "rate_limited": "rate limit: %(kind)s",
    "limits_unavailable": "the limit counters could not be reached",
    "no_button": "there is no button %(id)s",
    "callbacks_off": "the button offers no callback",
    "consent_required": "the visitor had not accepted the notice",
    "token_body": "the request's body is not valid",
    "not_a_phone": "not a valid phone number",
    "special_number": "%(prefix)s is a special number (%(kind)s)",
    "outside_countries": "%(prefix)s is outside the countries",
    "note_too_long": "the note is too long",
    "callback_fields": "the request holds unknown fields",
    "callback_request": "callback request %(n)s from %(origin)s",
    "callback_marked": "callback request %(n)s marked %(status)s by %(who)s",
    "closed": "closed",
    "no_open_route": "no route was open",
    "unknown_route": "the route is unknown",
    "route_of_another_button": "the route belongs to another button",
    "route_closed": "the route was closed",
    "name_required": "the visitor gave no name",
    "bad_name": "the visitor's name is not valid",
    "bad_page": "the page's path is not valid",
    "bad_overflow_key": "the overflow key is not valid",
    "no_overflow": "the call's route has no overflow",
    "overflow_not_placed": "the call to overflow was not placed",
    "overflow_answered": "the call to overflow was answered",
    "overflow_used": "the call had overflowed already",
    "overflow_closed": "the overflow route was closed",
    # The WCS hooks.
    "token_used": "the call token was already used",
    "origin_not_allowed": "origin not allowed",
    "token_bound": "the call token belongs to another address",
    "button_unavailable": "the button is unavailable",
    "no_open_session": "no open session",
    "call_id_missing": "the call id is missing",
    "one_call_per_session": "one call per session",
    "no_call_in_progress": "no call in progress",
    "bad_dtmf": "keypad digits not allowed",
    "method_not_allowed": "method %(method)s not allowed",
    "field_not_allowed": "field %(field)s not allowed",
    "sip_field_not_allowed": "a SIP field not allowed",
    "token_missing": "the call token is missing",
    "token_too_long": "the call token is too long",
    "token_invalid": "the call token is not valid",
    "token_expired": "the call token has expired",
    "token_version": "the call token has an unknown version",
    "token_malformed": "the call token is malformed",
    "no_signing_key": "no token key is configured",
    "body_not_json": "the body is not valid JSON",
    "body_not_object": "the body is not a JSON object",
    "session_id_missing": "the session id is missing",
    "status_missing": "the status is missing",
    "bad_status": "the status is not valid",
    "number_out_of_range": "a number is out of range",
    "not_a_number": "%(field)s is not a number",
    "bad_field": "%(field)s is not valid",
    "forbidden_characters": "forbidden characters in %(field)s",
    "forbidden_characters_unnamed": "forbidden characters in a field",
    "wrong_body": "the body does not fit the method %(method)s",
    "no_hook_secret": "no hook secret is configured",
    "signature_missing": "the signature is missing or malformed",
    "bad_signature": "the signature is wrong",
    "source_not_allowed": "the hook came from a network not allowed",
    # Switches, the watchdog and logins.
    "kill_switch_global": "kill switch for every button: %(state)s",
    "kill_switch_button": "kill switch of the button: %(state)s",
    "max_duration": "the call reached its maximum length (%(n)s s)",
    "max_duration_gone": (
        "the call reached its maximum length (%(n)s s); the gateway no longer knew it"
    ),
    "watchdog_lease": "%(holder)s took over the watchdog",
    "login": "signed in: %(who)s",
    "login_wrong_password": "wrong password: %(who)s",
    "login_account_disabled": "account disabled: %(who)s",
    "login_wrong_code": "wrong second-factor code: %(who)s",
    "login_throttled": "too many login attempts: %(kind)s",
    "login_busy": "too many logins at once: the server was busy",
    # The management API.
    "api_request": "API request %(method)s %(path)s: %(status)s",
    "api_no_key": "no usable API key",
    # Configuration changes by a named user (their fields are said apart), and accounts.
    "button_created": "button %(name)s created",
    "button_changed": "the button's settings changed",
    "button_deleted": "button %(name)s deleted",
    "apikey_created": "API key %(name)s created",
    "apikey_revoked": "API key %(name)s revoked",
    "webhook_deleted": "webhook endpoint %(endpoint)s deleted",
    "alert_channel_added": "alerts to %(channel)s added",
    "alert_channel_removed": "alerts to %(channel)s removed",
    "identity_secret_made": "identity secret made",
    "identity_secret_rotated": "identity secret rotated; the previous one stays valid",
    "webhook_phones_included": "phone numbers sent whole to webhook endpoint %(endpoint)s",
    "webhook_phones_masked": "phone numbers masked for webhook endpoint %(endpoint)s",
    "webhook_resent": "%(event)s resent to webhook endpoint %(endpoint)s",
    "webhook_tested": "test event sent to webhook endpoint %(endpoint)s: HTTP %(status)s",
    "webhook_tested_unanswered": "test event sent to webhook endpoint %(endpoint)s: no answer",
    "user_created": "user %(who)s created",
    "user_disabled": "user %(who)s disabled",
    "user_enabled": "user %(who)s enabled",
    "password_changed": "password of %(who)s changed",
    "second_factor_on": "second factor turned on: %(who)s",
    "second_factor_removed": "second factor removed: %(who)s",
    "role_changed": "role of %(who)s changed",
    "invitation_issued": "invitation issued to %(who)s",
    "password_link_issued": "password link issued to %(who)s",
    "invitation_revoked": "invitation of %(who)s revoked",
    "password_link_revoked": "password link of %(who)s revoked",
    # Retention (retention/erasure.py).
    "erased": "a visitor's data erased, found %(by)s",
}

#: The values said in words, by the name they fill (others are said as recorded).
WORDS: dict[str, dict[str, str]] = {
    "kind": {
        **KINDS,
        "ip": "per address",
        "prefix": "per network",
        "button": "for the button",
        "global": "for the installation",
        "others": "for other addresses",
        "account": "for the account",
        "device": "for the device",
    },
    "status": {"new": "to call back", "done": "called back"},
    "state": {"on": "on", "off": "off"},
    "by": {
        "phone number": "by phone number",
        "call": "by call",
        "customer id": "by customer id",
    },
}
