"""Logging: one format and level for the app's own lines; noisy libraries kept quiet."""

from __future__ import annotations

import logging

from flask import Flask

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def init_app(app: Flask) -> None:
    """Log at CALLGATE_LOG_LEVEL in one line per record (redaction is added by the vault)."""
    logging.basicConfig(level=app.config["LOG_LEVEL"], format=FORMAT)
    logging.getLogger("alembic").setLevel(logging.WARNING)
