"""The app the scale benchmark and its seed use, and a console client logged in as the admin."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from callgate.app import create_app

SECRET_KEY = "bench-secret-key-0123456789abcdef"
ENCRYPTION_KEY = "UsZYWtYz6lBue5EE7f6SrcVgLmg9S6An6mE27We09AU="
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def console_app(url: str, **overrides: object) -> Flask:
    """Return an app on the database at `url` with cheap password hashing."""
    config = {
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": url,
        "WCS_HOOK_SECRETS": ["bench-hook-secret"],
        "ENCRYPTION_KEYS": [ENCRYPTION_KEY],
        "PUBLIC_URL": "https://calls.bench.example",
        "CONSOLE_ARGON2_MEMORY_KIB": 64,
        "CONSOLE_ARGON2_TIME_COST": 1,
        # Measured, not stopped: the pages run to the end however long they take.
        "CONSOLE_STATEMENT_TIMEOUT": 30,
    }
    return create_app(config | overrides)


def logged_in(app: Flask, email: str, password: str) -> FlaskClient:
    """Return a test client of `app` logged in to the console."""
    client = app.test_client()
    form = client.get("/console/login").get_data(as_text=True)
    token = CSRF.search(form).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": token, "email": email, "password": password}
    answer = client.post("/console/login", data=data)
    if answer.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {answer.status_code}")
    return client
