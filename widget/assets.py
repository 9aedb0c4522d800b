"""The files the widget needs: its own script (`/widget.js`) and the pinned browser SDK."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, send_file

from widget import cors

WIDGET_JS = Path(__file__).resolve().parent / "static" / "widget.js"
DEFAULT_SDK_DIR = Path(__file__).resolve().parent.parent / "node_modules/@flashphoner/websdk"
SDK_FILE = "flashphoner-webrtc-only.min.js"
EXTENSION = "callgate.sdk"

bp = Blueprint("assets", __name__)


@dataclass(frozen=True)
class Sdk:
    """The installed SDK bundle: its version, file and Subresource Integrity hash."""

    version: str
    path: Path
    integrity: str

    @property
    def url_path(self) -> str:
        """Return the versioned URL path the app serves the bundle at."""
        return f"/sdk/{self.version}/{SDK_FILE}"


def find_sdk(directory: Path) -> Sdk | None:
    """Return the SDK installed by `npm ci` in `directory`, or None when it is missing."""
    bundle, package = directory / SDK_FILE, directory / "package.json"
    if not bundle.is_file() or not package.is_file():
        return None
    version = json.loads(package.read_text())["version"]
    digest = hashlib.sha384(bundle.read_bytes()).digest()
    return Sdk(version, bundle, "sha384-" + base64.b64encode(digest).decode())


def init_app(app: Flask) -> None:
    """Look up the installed SDK once; without it the button cannot call (logged loudly)."""
    sdk = find_sdk(Path(app.config.get("SDK_DIR") or DEFAULT_SDK_DIR))
    app.extensions[EXTENSION] = sdk
    if sdk is None:
        logging.getLogger("callgate").error("browser SDK not found: run `npm ci`")


def installed_sdk() -> Sdk | None:
    """Return the SDK this app serves, or None."""
    return current_app.extensions.get(EXTENSION)


@bp.get("/widget.js")
@cors.any_origin()
def widget_js() -> Response:
    """Serve the embeddable button script (short cache, stable URL)."""
    response = send_file(WIDGET_JS, mimetype="text/javascript", max_age=300, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get(f"/sdk/<version>/{SDK_FILE}")
@cors.any_origin()
def sdk(version: str) -> Response:
    """Serve the pinned SDK bundle under its version, cached for a year; others are 404."""
    installed = installed_sdk()
    if installed is None or version != installed.version:
        abort(404)
    response = send_file(installed.path, mimetype="text/javascript", max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
