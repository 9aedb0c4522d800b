"""Wire the secrets into the app: keys into database sessions, log redaction, stored check."""

from __future__ import annotations

import logging

import click
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from callgate import db
from callgate.errors import ConfigError
from callgate.vault import fernet, redact, stored

log = logging.getLogger("callgate")


def init_app(app: Flask) -> None:
    """Mask the configured secrets in logs, give sessions the keys, check stored passwords.

    Raises ConfigError naming the buttons whose SIP password no configured key decrypts.
    """
    config = app.config
    for value in (
        config["SECRET_KEY"],
        *config["SECRET_KEY_FALLBACKS"],
        *config["WCS_HOOK_SECRETS"],
        *config["ENCRYPTION_KEYS"],
        config["TURN_SECRET"],
    ):
        redact.KNOWN.remember(value)
    redact.install()
    vault = fernet.build(config["ENCRYPTION_KEYS"])
    app.extensions[db.EXTENSION].configure(info={stored.SESSION_KEY: vault})
    check_stored(app)


def check_stored(app: Flask) -> None:
    """Decrypt every stored SIP password; skip quietly if the database is not migrated yet."""
    try:
        with app.extensions[db.EXTENSION]() as session:
            if not inspect(session.connection()).has_table("buttons"):
                return
            found = stored.survey(session, stored.vault_of(session))
    except SQLAlchemyError as exc:
        log.error("could not check the stored SIP passwords: %s", type(exc).__name__)
        return
    if found.legacy:
        log.warning(
            "button %s: SIP password stored unencrypted; run `bin/callgate secrets rotate`",
            ", ".join(found.legacy),
        )
    if found.broken:
        message = stored.broken_message(found.broken)
        if _serving():
            raise ConfigError(message)
        log.error(message)


def _serving() -> bool:
    """Tell whether this process will serve requests (gunicorn, `callgate serve`, `callgate run`).

    Other commands still start with a broken button, so it can be repaired.
    """
    context = click.get_current_context(silent=True)
    return context is None or context.info_name in ("run", "serve")
