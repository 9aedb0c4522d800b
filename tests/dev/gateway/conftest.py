"""Fixtures: the real Flask app served over HTTP (the gateway steps are in helpers.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def hook_url(app) -> Iterator[str]:
    """Serve the test app on a free loopback port; yield its WCS hook base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/wcs"
    server.shutdown()
    server.server_close()
    thread.join()
