"""Host pages on other origins than the API: plain, strict CSP, hostile CSS, script twice."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOSTILE_CSS = """<style>
* { all: unset !important; }
button { display: none !important; }
html, body { font-size: 64px !important; }
div { position: absolute !important; left: -9999px !important; }
</style>"""


def page(snippet: str, *, head: str = "", twice: bool = False) -> bytes:
    """Return a minimal host page embedding `snippet` (twice when asked)."""
    body = snippet * (2 if twice else 1)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Host page</title>{head}"
        f"</head><body><h1>Host page</h1><p>Some content.</p>{body}</body></html>"
    ).encode()


def strict_csp(api: str, gateway: str) -> str:
    """Return a CSP that allows scripts only from the API and connections to API and gateway."""
    return (
        f"default-src 'none'; script-src {api}; connect-src {api} {gateway}; "
        "img-src 'self'; style-src 'self'"
    )


def serve(routes: dict[str, tuple[bytes, dict[str, str]]]) -> ThreadingHTTPServer:
    """Serve `routes` (path -> (body, headers)) on a free loopback port in a thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            body, headers = routes.get(self.path.split("?")[0], (b"not found", {}))
            self.send_response(200 if self.path.split("?")[0] in routes else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
