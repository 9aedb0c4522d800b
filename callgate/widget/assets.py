"""The files the widget needs: the loader (`/widget.js`), its call panel, and the pinned SDK.

`node callgate/widget/build.mjs` (bin/setup runs it) builds the loader and the panel from
widget/src into widget/static/build, each with a gzip and a brotli twin, and copies there the
SDK bundle that `npm ci` installed, with its twins, noting its version and integrity in the
manifest. All of it goes out through widget.compressed, from the package alone: an installed
Callgate has no node_modules. The SDK's twins are used only while the manifest says they were
made from the very bytes of the copy.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, request

from callgate.widget import cors
from callgate.widget.compressed import IMMUTABLE, Encoded, encode, read_twins, serve

BUILD_DIR = Path(__file__).resolve().parent / "static" / "build"
BUILD = "callgate.widget_build"
SDK_FILE = "flashphoner-webrtc-only.min.js"
_VERSION = re.compile(r"\d+\.\d+\.\d+")
EXTENSION = "callgate.sdk"

bp = Blueprint("assets", __name__)
log = logging.getLogger("callgate")


@dataclass(frozen=True)
class Sdk:
    """The installed SDK bundle: its version, file, Subresource Integrity hash and encodings."""

    version: str
    path: Path
    integrity: str
    file: Encoded

    @property
    def url_path(self) -> str:
        """Return the versioned URL path the app serves the bundle at."""
        return f"/sdk/{self.version}/{SDK_FILE}"


def read_manifest(directory: Path) -> dict[str, Any]:
    """Return the manifest of the widget build in `directory`, or {} when none is readable."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def find_sdk(build_dir: Path) -> Sdk | None:
    """Return the SDK bundle the widget build copied into `build_dir`, with its twins if any.

    None when the build holds no SDK; no twins (the caller logs it) when they are stale.
    """
    listed, bundle = read_manifest(build_dir).get("sdk"), build_dir / SDK_FILE
    version = listed.get("version") if isinstance(listed, dict) else None
    if not isinstance(version, str) or not _VERSION.fullmatch(version) or not bundle.is_file():
        return None
    data = bundle.read_bytes()
    integrity = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    twins: dict[str, bytes] = {}
    if listed == {"file": SDK_FILE, "integrity": integrity, "version": version}:
        try:
            twins = read_twins(bundle)
        except OSError:
            pass
    return Sdk(version, bundle, integrity, encode(data, twins))


@dataclass(frozen=True)
class Build:
    """The built widget files, read once: the panel's name, and name -> its encodings."""

    panel: str
    files: dict[str, Encoded]


def find_build(directory: Path) -> Build | None:
    """Return the widget build in `directory`, or None when it has not been built."""
    try:
        panel = read_manifest(directory)["panel"]
        paths = [directory / name for name in ("widget.js", panel)]
        files = {path.name: encode(path.read_bytes(), read_twins(path)) for path in paths}
        return Build(panel, files)
    except (OSError, KeyError, TypeError):
        return None


def init_app(app: Flask) -> None:
    """Look up the SDK and the widget build once; without them the button cannot work (logged)."""
    build_dir = Path(app.config.get("WIDGET_BUILD_DIR") or BUILD_DIR)
    sdk = find_sdk(build_dir)
    app.extensions[EXTENSION] = sdk
    if sdk is None:
        log.error("browser SDK not in the widget build: run bin/setup (npm ci, then the build)")
    elif len(sdk.file.variants) == 1:
        log.error("browser SDK goes out uncompressed: its build is missing or stale, run bin/setup")
    build = find_build(build_dir)
    app.extensions[BUILD] = build
    if build is None:
        log.error("widget not built: run `bin/setup`")


def installed_sdk() -> Sdk | None:
    """Return the SDK this app serves, or None."""
    return current_app.extensions.get(EXTENSION)


def built() -> Build:
    """Return the widget build this app serves; 404 when there is none."""
    build: Build | None = current_app.extensions.get(BUILD)
    if build is None:
        abort(404)
    return build


@bp.get("/widget.js")
@cors.any_origin()
def widget_js() -> Response:
    """Serve the embeddable button loader (short cache, stable URL)."""
    return serve(built().files["widget.js"], "public, max-age=300")


@bp.get("/widget/<name>")
@cors.any_origin()
def widget_panel(name: str) -> Response:
    """Serve the call panel under its content-hashed name, cached for a year; others are 404."""
    build = built()
    if name != build.panel:
        abort(404)
    return serve(build.files[name], IMMUTABLE)


@bp.get(f"/sdk/<version>/{SDK_FILE}")
@cors.any_origin()
def sdk(version: str) -> Response:
    """Serve the pinned SDK bundle under its version, cached for a year; others are 404."""
    installed = installed_sdk()
    if installed is None or version != installed.version:
        abort(404)
    return serve(installed.file, IMMUTABLE)


def json_response(body: object, status: int, headers: dict[str, str]) -> Response:
    """Answer `body` as compact UTF-8 JSON, gzipped when the browser accepts it."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    response = Response(data, status=status, headers=headers, mimetype="application/json")
    if request.accept_encodings["gzip"] and len(data) > 200:
        response.set_data(gzip.compress(data, compresslevel=9, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
