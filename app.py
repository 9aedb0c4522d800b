"""The Callgate application factory: `flask --app app run`, or `gunicorn 'app:create_app()'`."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

import config
import db
from errors import api_error, hook_error
from vault import startup as vault_startup


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, database, blueprints, JSON error handlers, CLI commands."""
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    logging.basicConfig(
        level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not app.config["WCS_HOOK_SECRETS"]:
        logging.getLogger("callgate").error(
            "CALLGATE_WCS_HOOK_SECRETS is not set: every WCS hook request will be refused"
        )
    db.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        # Trust exactly that many X-Forwarded-For hops (the right-most ones), and nothing else.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=0)
    vault_startup.init_app(app)

    from audit import cli as audit_cli
    from buttons import cli as button_cli
    from calls import cli as calls_cli
    from db.migrate import cli as db_cli
    from guardrails.killswitch_cli import cli as killswitch_cli
    from hooks import bp as hooks_bp
    from vault.cli import cli as secrets_cli
    from widget import bp as widget_bp
    from widget import limits as token_limits

    _load_sdk(app)
    app.register_blueprint(widget_bp)
    app.register_blueprint(hooks_bp)
    token_limits.init_app(app)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(SQLAlchemyError, _database_error)
    app.register_error_handler(Exception, _internal_error)
    for group in (audit_cli, button_cli, calls_cli, db_cli, killswitch_cli, secrets_cli):
        app.cli.add_command(group)
    return app


def _error(status: int, code: str, message: str) -> tuple[dict, int]:
    if request.path.startswith("/hooks/"):
        return hook_error(status, message)
    return api_error(status, code, message)


def _http_error(exc: HTTPException) -> tuple[dict, int]:
    name = "body too large" if exc.code == 413 else (exc.name or "error").lower()
    return _error(exc.code or 500, name.replace(" ", "_"), name)


def _database_error(exc: SQLAlchemyError) -> tuple[dict, int]:
    logging.getLogger("callgate").error("database error: %s", type(exc).__name__)
    return _error(503, "unavailable", "service unavailable")


def _internal_error(exc: Exception) -> tuple[dict, int]:
    logging.getLogger("callgate").exception("unexpected error")
    return _error(500, "internal", "internal error")


def _load_sdk(app: Flask) -> None:
    from widget.asset_routes import SDK_EXTENSION
    from widget.assets import DEFAULT_SDK_DIR, find_sdk

    sdk = find_sdk(Path(app.config.get("SDK_DIR") or DEFAULT_SDK_DIR))
    app.extensions[SDK_EXTENSION] = sdk
    if sdk is None:
        logging.getLogger("callgate").error("browser SDK not found: run `npm ci`")
