"""The files the widget needs: the loader (`/widget.js`), its call panel, and the pinned SDK.

The loader and the panel are built from widget/src by `node widget/build.mjs` (bin/setup runs
it) into widget/static/build, each with a gzip and a brotli twin; the browser gets the smallest
it accepts, with `Vary: Accept-Encoding` and an ETag per encoding.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, send_file

from widget import cors

BUILD_DIR = Path(__file__).resolve().parent / "static" / "build"
BUILD = "callgate.widget_build"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
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


@dataclass(frozen=True)
class Build:
    """The built widget files, read once: name (with .gz/.br for the twins) -> bytes."""

    panel: str
    files: dict[str, bytes]


def find_build(directory: Path) -> Build | None:
    """Return the widget build in `directory`, or None when it has not been built."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text())
        panel = manifest["panel"]
        names = [name + suffix for name in ("widget.js", panel) for suffix in ("", ".gz", ".br")]
        return Build(panel, {name: (directory / name).read_bytes() for name in names})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def init_app(app: Flask) -> None:
    """Look up the SDK and the widget build once; without them the button cannot work (logged)."""
    sdk = find_sdk(Path(app.config.get("SDK_DIR") or DEFAULT_SDK_DIR))
    app.extensions[EXTENSION] = sdk
    if sdk is None:
        logging.getLogger("callgate").error("browser SDK not found: run `npm ci`")
    build = find_build(Path(app.config.get("WIDGET_BUILD_DIR") or BUILD_DIR))
    app.extensions[BUILD] = build
    if build is None:
        logging.getLogger("callgate").error("widget not built: run `bin/setup`")


def installed_sdk() -> Sdk | None:
    """Return the SDK this app serves, or None."""
    return current_app.extensions.get(EXTENSION)


def serve_built(name: str, max_age: int) -> Response:
    """Serve one built file in the best encoding the browser accepts; 404 if it is not built."""
    build: Build | None = current_app.extensions.get(BUILD)
    if build is None or name not in build.files:
        abort(404)
    data, encoding = build.files[name], None
    for candidate, suffix in ENCODINGS:
        if request.accept_encodings[candidate]:
            data, encoding = build.files[name + suffix], candidate
            break
    response = Response(data, mimetype="text/javascript")
    response.set_etag(hashlib.sha256(data).hexdigest()[:24])
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.make_conditional(request)
    return response


@bp.get("/widget.js")
@cors.any_origin()
def widget_js() -> Response:
    """Serve the embeddable button loader (short cache, stable URL)."""
    return serve_built("widget.js", 300)


@bp.get("/widget/<name>")
@cors.any_origin()
def widget_panel(name: str) -> Response:
    """Serve the call panel under its content-hashed name, cached for a year; others are 404."""
    build: Build | None = current_app.extensions.get(BUILD)
    if build is None or name != build.panel:
        abort(404)
    response = serve_built(name, 31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
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


def json_response(body: object, status: int, headers: dict[str, str]) -> Response:
    """Answer `body` as compact UTF-8 JSON, gzipped when the browser accepts it."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    response = Response(data, status=status, headers=headers, mimetype="application/json")
    if request.accept_encodings["gzip"] and len(data) > 200:
        response.set_data(gzip.compress(data, compresslevel=9, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
