"""What the button editor says for each error code of the core's field rules, in English.

Russian is in console/texts_ru_errors.py. `%(name)s` is filled from the error's details.
"""

GENERIC = "This value cannot be used."
E164 = "write it in E.164, e.g. +74951234567."
HOURS = "like mon-fri 09:00-18:00; sat 10:00-14:00, or 24/7."

SAID: dict[str, str] = {
    # The kinds' own codes, for an error raised without a finer one.
    "bad_request": GENERIC,
    "invalid_button": GENERIC,
    "bad_origin": "This is not an origin like https://www.example.com.",
    "invalid_hours": "These opening hours cannot be used.",
    "invalid_limit": "These token limits cannot be used.",
    # The form and every text field.
    "required": "This field is required.",
    "not_a_number": "“%(value)s” is not a whole number: give one from %(low)s to %(high)s.",
    "empty": "This field must not be empty.",
    "too_long": "This is too long: at most %(most)s characters.",
    "bad_characters": "“%(value)s” has characters that are not allowed here.",
    "secret_characters": "It has characters that are not allowed (control characters).",
    "not_a_choice": "Choose one of: %(allowed)s.",
    "not_a_flag": "This must be on or off.",
    "out_of_range": "Give a whole number from %(low)s to %(high)s.",
    "unknown_fields": "These fields are unknown: %(names)s.",
    "missing_fields": "These fields are required: %(names)s.",
    # Allowed origins.
    "origins_missing": "Give at least one origin, like https://www.example.com.",
    "bad_origins": "Several origins cannot be used.",
    "origin_missing": "“%(value)s” is not an origin: give one like https://www.example.com.",
    "origin_control": "An origin must not contain control characters.",
    "origin_unparsable": "“%(value)s” cannot be read as scheme://host[:port].",
    "origin_scheme": "“%(value)s” must start with http:// or https://.",
    "origin_path": (
        "“%(value)s” must not have a path, query or user part: only scheme://host[:port]."
    ),
    "origin_fragment": "“%(value)s” must not have a fragment (#…).",
    "origin_port_zero": "“%(value)s” has port 0.",
    "origin_no_host": "“%(value)s” has no host name.",
    "origin_trailing_dot": "“%(value)s” ends with a dot; leave it out.",
    "origin_bad_host": "“%(value)s” has an invalid host name.",
    "origin_bad_ip": "“%(value)s” has an invalid IP address.",
    "wildcard_form": (
        "“%(value)s”: a wildcard is only allowed at the start, as in https://*.example.com."
    ),
    "wildcard_short": (
        "“%(value)s”: a wildcard needs at least two labels after “*.”, as in https://*.example.com."
    ),
    # The callee.
    "callee_empty": "Give the number or SIP address to call.",
    "callee_too_long": "This is too long: at most %(most)s characters.",
    "callee_looks_like_number": "“%(value)s” looks like a phone number: " + E164,
    "callee_hides_number": (
        "“%(value)s” hides a phone number (%(digits)s digits among letters); a name or "
        "extension has at most %(most)s digits. Numbers: " + E164
    ),
    "callee_form": (
        "Give an E.164 number (+74951234567), an extension of up to 6 digits, * and #, "
        "a SIP user name (letters, digits, . _ -) or sip:user@host[:port]."
    ),
    "callee_not_number": "“%(value)s” is not a phone number: " + E164,
    "callee_invalid_number": "“%(value)s” is not a valid phone number.",
    "callee_special": (
        "%(number)s is a special number (%(kind)s), refused against toll fraud. "
        "Only an admin can allow it, with the box under this field."
    ),
    "callee_country": (
        "%(number)s is in %(region)s, outside the countries this installation may call "
        "(%(countries)s)."
    ),
    "callee_uri_parameters": "URI parameters (;…) are not allowed in a SIP address.",
    "callee_sip_headers": "SIP headers (?…) are not allowed in a SIP address.",
    "callee_sip_uri": (
        "Write the SIP address as sip:user@host[:port], without spaces, quotes or <>."
    ),
    # Gateway and SIP.
    "bad_gateway_url": "The address must be ws://host[:port] or wss://host[:port].",
    "bad_port": "The port must be from 1 to 65535.",
    "sip_password_required": (
        "You changed where the SIP account connects (login, authentication name, domain, "
        "outbound proxy or port): enter the SIP password again to save."
    ),
    # Looks and texts.
    "bad_colour": "A colour looks like #1a2b3c.",
    "texts_not_pairs": "Texts must be KEY=TEXT pairs.",
    "unknown_text": "There is no widget text “%(key)s”.",
    "text_empty": "The text “%(key)s” must not be empty.",
    "text_too_long": "The text “%(key)s” is too long: at most %(most)s characters.",
    "text_characters": "The text “%(key)s” has characters that are not allowed.",
    # Opening hours, holidays, fallback.
    "hours_unreadable": "Cannot read “%(value)s”: write days then times, " + HOURS,
    "hours_none": "No opening hours given: write them " + HOURS,
    "unknown_day": (
        "There is no day “%(value)s”: use mon tue wed thu fri sat sun, or a range like mon-fri."
    ),
    "days_missing": "Which days? Write them before the times, like mon-fri 09:00-18:00.",
    "bad_range": "The time range “%(value)s” must look like 09:00-18:00 (24-hour clock).",
    "empty_range": "The time range “%(value)s” is empty; for a whole day write 00:00-24:00.",
    "schedule_shape": "Opening hours must map weekdays to time ranges.",
    "schedule_day_list": "The hours of a day must be a list of time ranges.",
    "unknown_timezone": "There is no time zone “%(value)s”: use an IANA name like Europe/Berlin.",
    "holidays_not_list": "Holidays must be a list of dates.",
    "bad_holiday": "“%(value)s” is not a date like 2026-12-31.",
    "too_many_holidays": "At most %(most)s holidays.",
    "bad_fallback": (
        "Give tel:+ and a number in E.164 (e.g. tel:+493012345678), or an https:// address."
    ),
    # Limits.
    "bad_duration": "Write the length in seconds, or like 90s, 15m, 1h30m.",
    "limit_kind": "There is no limit “%(kind)s”.",
    "limits_not_text": "Limits must be text like 3/minute;10/hour.",
    "bad_limits": "%(kind)s: “%(value)s” is not valid; write limits like 3/minute;10/hour;20/day.",
    "limits_not_pairs": "Token limits must be KIND=LIMITS pairs.",
    "limit_pair": "“%(value)s” must look like KIND=LIMITS, e.g. ip=5/minute.",
    "limit_kind_not_button": (
        "A button can set limits per address, per network and for the button, not “%(kind)s”."
    ),
    # The visitor's notice.
    "consent_length": "The notice must be 1 to %(most)s characters.",
    "consent_control": "The notice may have line breaks, but no other control characters.",
}

#: The words of a `kind` detail: special callee numbers (buttons/callee.py), token limit kinds.
KINDS: dict[str, str] = {
    "premium-rate": "premium rate",
    "shared-cost": "shared cost",
    "UAN (universal access)": "universal access number",
    "voicemail-access": "voicemail access",
    "personal": "personal number",
    "pager": "pager",
    "unknown-type": "unknown type",
    "international non-geographic (satellite or international network)": (
        "international non-geographic: satellite or international network"
    ),
    "ip": "Per address",
    "prefix": "Per network",
    "button": "For the button",
}
