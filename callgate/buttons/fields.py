"""The button fields: one row each, the one place a field is defined.

Each row says how the field is checked, what a new button gets, and how every face takes or
shows it. Derived from this table: buttons.validate.CHECKS, buttons.store.DEFAULTS and
REQUIRED, the CLI's options (cli/button_options.py), the console's editor form and preview
(console/button_form.py, console/preview.py) and the public widget config (buttons/public.py).
README "Adding things" has the recipe for a new field.
"""

from __future__ import annotations

from callgate.buttons import checks, looks, schedule
from callgate.buttons.call_limits import BOUNDS
from callgate.buttons.field_row import Field, Option
from callgate.buttons.text_rules import SIP_TOKEN, longest, optional, text
from callgate.db.models import Button
from callgate.ratelimit.rules import check_overrides

LIMIT = "Calls at the same time"
FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        text("name", longest(Button.name)),
        "text",
        "Name",
        required=True,
        option=Option("--name", "Name shown to you, e.g. 'Sales line'."),
        form="text",
    ),
    Field(
        "origins",
        checks.origins,
        "list",
        "Allowed origins",
        required=True,
        option=Option(
            "--origin", "Allowed page origin scheme://host[:port]; repeat for more.", "repeat"
        ),
        form="lines",
    ),
    Field(
        "gateway_url",
        checks.gateway_url,
        "text",
        "Gateway (WCS) URL",
        required=True,
        option=Option("--gateway-url", "WCS websocket URL, ws:// or wss://."),
        form="text",
    ),
    Field(
        "app_key",
        text("app key", longest(Button.app_key), SIP_TOKEN),
        "text",
        "WCS app key",
        default="callgate",
        option=Option("--app-key", "WCS REST app key (default: {default})."),
        form="defaulted",
    ),
    Field(
        "callee",
        checks.callee,
        "text",
        "Callee",
        required=True,
        option=Option("--callee", "Extension, number or SIP URI the button calls."),
        form="text",
    ),
    Field(
        "sip_login",
        text("SIP login", longest(Button.sip_login), SIP_TOKEN),
        "text",
        "SIP login",
        required=True,
        option=Option("--sip-login", "SIP account WCS calls from."),
        form="text",
    ),
    Field(
        "sip_auth_name",
        optional(text("SIP authentication name", longest(Button.sip_auth_name), SIP_TOKEN)),
        "text",
        "SIP authentication name",
        option=Option("--sip-auth-name", "SIP authentication name, if not the login."),
        form="text",
    ),
    Field(
        "sip_password",
        checks.sip_password,
        "secret",
        "SIP password",
        required=True,
        option=Option(
            "--sip-password-stdin", "Read the SIP password from standard input.", "stdin"
        ),
        form="password",
    ),
    Field(
        "sip_domain",
        optional(text("SIP domain", longest(Button.sip_domain), SIP_TOKEN)),
        "text",
        "SIP domain",
        option=Option("--sip-domain", "SIP domain (registrar)."),
        form="text",
    ),
    Field(
        "sip_outbound_proxy",
        optional(text("SIP outbound proxy", longest(Button.sip_outbound_proxy), SIP_TOKEN)),
        "text",
        "SIP outbound proxy",
        option=Option("--sip-outbound-proxy", "SIP outbound proxy."),
        form="text",
    ),
    Field(
        "sip_port",
        checks.sip_port,
        "number",
        "SIP port",
        default=5060,
        option=Option("--sip-port", "SIP port (default: {default}).", "int"),
        form="number",
    ),
    Field(
        "sip_register",
        checks.flag("sip_register"),
        "flag",
        "SIP registration",
        default=False,
        option=Option("--sip-register/--no-sip-register", "REGISTER before calling.", "switch"),
        form="flag",
    ),
    # `flask button enable|disable` switch it (cmd_button_manage.py).
    Field("enabled", checks.flag("enabled"), "flag", "Enabled", default=True, form="flag"),
    Field(
        "label",
        optional(text("label", longest(Button.label))),
        "text",
        "Text on the button",
        option=Option(
            "--label", "Text on the button (default: 'Call us' in the visitor's language)."
        ),
        form="text",
        public="label",
    ),
    Field(
        "color",
        looks.color,
        "text",
        "Colour",
        default="#0b6e4f",
        option=Option("--color", "Button colour, #rrggbb."),
        form="defaulted",
        public="color",
    ),
    Field(
        "text_color",
        looks.color,
        "text",
        "Text colour",
        default="#ffffff",
        option=Option("--text-color", "Text colour on the button, #rrggbb."),
        form="defaulted",
        public="textColor",
    ),
    Field(
        "position",
        looks.choice("position", looks.POSITIONS),
        "text",
        "Position",
        default="bottom-right",
        option=Option("--position", "bottom-right, bottom-left or inline."),
        form="text",
        public="position",
    ),
    Field(
        "language",
        looks.choice("language", looks.LANGUAGES),
        "text",
        "Language",
        default="auto",
        option=Option("--language", "auto, en or ru."),
        form="text",
        public="language",
    ),
    Field(
        "texts",
        looks.texts,
        "map",
        "Texts the widget shows",
        default={},
        option=Option(
            "--text",
            "Override one of the widget's texts; repeat for more.",
            "repeat",
            metavar="KEY=TEXT",
        ),
        form="texts",
        public="texts",
    ),
    Field(
        "dtmf",
        checks.flag("dtmf"),
        "flag",
        "Keypad (DTMF)",
        default=False,
        option=Option(
            "--dtmf/--no-dtmf", "Offer a keypad during calls (default: {default}).", "switch"
        ),
        form="flag",
        public="dtmf",
    ),
    Field(
        "relay_only",
        checks.flag("relay_only"),
        "flag",
        "Relay-only calls (TURN)",
        default=False,
        option=Option(
            "--relay-only/--no-relay-only",
            "Send call audio only through the TURN relay of CALLGATE_TURN_URLS (default: "
            "{default}).",
            "switch",
        ),
        form="flag",
    ),
    Field(
        "timezone",
        checks.limited("time zone", Button.timezone, schedule.check_timezone),
        "text",
        "Time zone",
        default="UTC",
        option=Option(
            "--timezone", "IANA time zone of the hours and holidays (default: {default})."
        ),
        form="text",
        public="timezone",
    ),
    Field(
        "schedule",
        schedule.check_schedule,
        "hours",
        "Hours",
        default=schedule.BUSINESS_HOURS,
        option=Option(
            "--hours",
            'Opening hours, "24/7" or e.g. "mon-fri 09:00-18:00; sat '
            '10:00-14:00" (default: {default}).',
            dest="hours",
            update_help='Opening hours, "24/7" or e.g. "mon-fri 09:00-18:00; sat 10:00-14:00".',
        ),
        form="hours",
        public="hours",
    ),
    Field(
        "holidays",
        schedule.check_holidays,
        "list",
        "Holidays",
        default=[],
        option=Option(
            "--holiday",
            "A day closed all day; repeat for more.",
            "repeat",
            metavar="YYYY-MM-DD",
            update_help="A day closed all day; repeat for more (added).",
        ),
        form="lines",
    ),
    Field(
        "closed_message",
        optional(text("closed message", longest(Button.closed_message))),
        "text",
        "Closed message",
        option=Option("--closed-message", "What visitors read when closed ('' clears)."),
        form="text",
        public="closedMessage",
    ),
    Field(
        "fallback",
        checks.limited("fallback", Button.fallback, schedule.check_fallback),
        "text",
        "Fallback contact",
        option=Option(
            "--fallback", "tel:+<E.164 number> or https:// URL shown when closed ('' clears)."
        ),
        form="text",
        public="fallback",
    ),
    Field(
        "token_limits",
        check_overrides,
        "map",
        "Token limits",
        default={},
        option=Option(
            "--token-limit",
            "This button's own token limits, KIND ip, prefix or "
            "button, e.g. ip=5/minute;20/day; KIND= goes back to the default; repeat "
            "for more.",
            "repeat",
            metavar="KIND=LIMITS",
        ),
        form="limits",
    ),
    Field(
        "precheck",
        checks.flag("precheck"),
        "flag",
        "Microphone check",
        default=True,
        option=Option(
            "--precheck/--no-precheck",
            "Microphone level meter, silence warning and device picker (default: {default}).",
            "switch",
        ),
        form="flag",
        public="precheck",
    ),
    Field(
        "callback",
        checks.flag("callback"),
        "flag",
        "Callback requests",
        default=False,
        option=Option(
            "--callback/--no-callback",
            "Offer a callback request when closed, busy or over budget (default: {default}).",
            "switch",
        ),
        form="flag",
        public="callback",
    ),
    Field(
        "consent_text",
        looks.consent_text,
        "text",
        "Notice to accept before the first call",
        option=Option(
            "--consent-text", "A notice visitors must accept before their first call ('' clears)."
        ),
        form="textarea",
        public="consent",
    ),
    Field(
        "rating",
        checks.flag("rating"),
        "flag",
        "Rating after the call",
        default=False,
        option=Option(
            "--rating/--no-rating",
            "Ask for a 1-5 rating after a call (default: {default}).",
            "switch",
        ),
        form="flag",
        public="rating",
    ),
    Field(
        "max_concurrent",
        checks.whole(*BOUNDS["max_concurrent"]),
        "number",
        LIMIT,
        default=2,
        option=Option("--max-concurrent", "Calls at the same time (default: {default}).", "int"),
        form="number",
    ),
    Field(
        "max_duration",
        checks.whole(*BOUNDS["max_duration"]),
        "number",
        "Longest call",
        default=900,
        option=Option(
            "--max-duration", "Longest call, e.g. 900 or 15m (default: {default}).", "duration"
        ),
        form="duration",
    ),
    Field(
        "daily_calls",
        checks.whole(*BOUNDS["daily_calls"]),
        "number",
        "Calls per day",
        default=100,
        option=Option("--daily-calls", "Calls per day (default: {default}).", "int"),
        form="number",
    ),
    Field(
        "daily_minutes",
        checks.whole(*BOUNDS["daily_minutes"]),
        "number",
        "Talk minutes per day",
        default=120,
        option=Option("--daily-minutes", "Talk minutes per day (default: {default}).", "int"),
        form="number",
    ),
)
BY_NAME = {field.name: field for field in FIELDS}
