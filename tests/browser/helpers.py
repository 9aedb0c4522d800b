"""Browser test settings: which Chromium to launch, and the flags every launch passes it."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CALLGATE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
