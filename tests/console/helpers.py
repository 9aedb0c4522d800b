"""Console test steps: the users' password, the CSRF token of a form, posting and logging in."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PASSWORD = "correct horse battery"
#: App settings for console tests that also fetch tokens: cheap hashing, room for many tokens
#: a minute from the test client's one address.
ROOMY = {
    "CONSOLE_ARGON2_MEMORY_KIB": 64,
    "CONSOLE_ARGON2_TIME_COST": 1,
    "RATE_LIMITS_IP": "1000/minute",
    "RATE_LIMITS_PREFIX": "1000/minute",
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/console/login") -> str:
    """Return the CSRF token of the form on `path`."""
    page = client.get(path)
    return CSRF.search(page.get_data(as_text=True)).group(1)


def post(
    client: FlaskClient, path: str, data: dict | None = None, form: str | None = None
) -> TestResponse:
    """POST `data` to `path` with the CSRF token of the page `form` (default: the same path)."""
    token = csrf_token(client, form or path)
    return client.post(path, data={"csrf_token": token, **(data or {})})


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Log in through the form; return the response."""
    return post(client, "/console/login", {"email": email, "password": password})
