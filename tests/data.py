"""Constants the tests share: keys, secrets, the test origin and a button's fields."""

from __future__ import annotations

from callgate.db.models import ALWAYS_OPEN

SECRET_KEY = "test-secret-key-0123456789abcdef"
HOOK_SECRETS = ["hook-secret-current", "hook-secret-previous"]
# Fixed, so that several apps in one test share the database's encrypted passwords.
ENCRYPTION_KEY = "mmvNBdXA0F4GrVJgmZz-rKq5R8ZkyiIPGs5cTVPnMlg="
SIP_PASSWORD = "Sup3r-Secret-SIP-pass"
ORIGIN = "https://shop.example.com"
BUTTON = {
    "name": "Sales",
    "origins": [ORIGIN, "https://*.example.org"],
    "gateway_url": "wss://gw.example.com:8443",
    "callee": "7001",
    "sip_login": "webcall-1001",
    "sip_auth_name": "auth-1001",
    "sip_password": SIP_PASSWORD,
    "sip_domain": "pbx.example.com",
    # Explicitly 24/7 (new buttons default to business hours), so tests do not depend on the clock.
    "schedule": ALWAYS_OPEN,
}
