"""Locate the files the widget needs: its own script and the pinned Flashphoner browser SDK."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

WIDGET_JS = Path(__file__).resolve().parent / "static" / "widget.js"
DEFAULT_SDK_DIR = Path(__file__).resolve().parent.parent / "node_modules/@flashphoner/websdk"
SDK_FILE = "flashphoner-webrtc-only.min.js"


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
