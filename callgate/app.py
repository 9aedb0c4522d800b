"""The Callgate application factory: `bin/serve` in production, `bin/callgate run` to try it."""

from __future__ import annotations

import logging

import click
from flask import Flask, Response
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from callgate import api, cli, config, console, db, hooks, landing, ops, widget
from callgate.config.instance import instance_path as default_instance_path
from callgate.errors import ConfigError
from callgate.runtime import logs
from callgate.vault import startup as vault


# click declares `message` Final; both bases set it to the same string in __init__.
class CommandLineConfigError(click.ClickException, ConfigError):  # type: ignore[misc]
    """A ConfigError that the flask CLI prints as one `Error: ...` line, exit status 1."""


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: settings, logging, database, vault, then each face wires itself in.

    `instance_path` replaces the checkout's `instance/` (settings file, SQLite file, run folder).
    Raises ConfigError on unsafe or bad settings (a one-line `Error:` under the flask CLI).
    """
    where = instance_path or str(default_instance_path())
    app = Flask(__name__, instance_path=where, instance_relative_config=True)
    try:
        config.load(app, test_config)
        logs.init_app(app)
        db.init_app(app)
        vault.init_app(app)
        widget.init_app(app)
        hooks.init_app(app)
        console.init_app(app)
        landing.init_app(app)
        ops.init_app(app)
        api.init_app(app)
        cli.init_app(app)
        _behind_proxies(app)  # outermost: every layer below sees the client's own address
    except ConfigError as exc:
        db.dispose(app)
        if click.get_current_context(silent=True) is not None:
            raise CommandLineConfigError(exc.message) from None
        raise
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal_error)
    app.after_request(_safe_headers)
    return app


#: For an HTML page that set no policy of its own: load nothing, never be framed.
DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def _safe_headers(response: Response) -> Response:
    """Add nosniff to every answer, no-store to JSON without a cache rule, a CSP to bare HTML."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", DEFAULT_CSP)
    return response


def _behind_proxies(app: Flask) -> None:
    if app.config["TRUSTED_PROXIES"]:
        # Trust exactly that many X-Forwarded-For hops (the right-most ones), and nothing else.
        # Flask documents wrapping `wsgi_app` like this; its stubs see a plain method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=0
        )


def _http_error(exc: HTTPException) -> tuple[dict, int]:
    """Last resort for URLs no face serves: the error as JSON, no HTML page."""
    name = (exc.name or "error").lower()
    return {"error": name.replace(" ", "_"), "message": name}, exc.code or 500


def _internal_error(exc: Exception) -> tuple[dict, int]:
    """Last resort for an unexpected error outside the faces: logged, never shown."""
    logging.getLogger("callgate").exception("unexpected error")
    return {"error": "internal", "message": "internal error"}, 500
