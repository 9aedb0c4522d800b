"""Precompressed static files: the SDK and the widget in the encoding the browser accepts."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from callgate.widget.assets import BUILD_DIR, SDK_FILE, installed_sdk
from callgate.widget.compressed import IMMUTABLE

ROOT = Path(__file__).resolve().parents[2]
#: What `npm ci` installed: the app serves the widget build's copy of it, byte for byte.
SDK_BYTES = (ROOT / "node_modules" / "@flashphoner" / "websdk" / SDK_FILE).read_bytes()
UNBROTLI = (
    "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"
)


def unbrotli(data: bytes) -> bytes:
    """Return `data` brotli-decoded by node (the pinned Python dependencies have no brotli)."""
    done = subprocess.run(["node", "-e", UNBROTLI], input=data, capture_output=True, check=True)
    return done.stdout


DECODE = {None: lambda data: data, "gzip": gzip.decompress, "br": unbrotli}


@pytest.fixture
def sdk_path(app) -> str:
    with app.app_context():
        sdk = installed_sdk()
    assert sdk is not None
    return sdk.url_path


def fetch(client, path: str, accept: str | None, method: str = "GET", **headers: str):
    headers = headers | ({"Accept-Encoding": accept} if accept is not None else {})
    with client.open(path, method=method, headers=headers) as response:
        response.make_sequence()
    return response


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        (None, None),
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip;q=0, br", "br"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("*, br;q=0", "gzip"),
        ("gzip;q=1, br;q=0.5", "gzip"),
        ("br;q=0.5, identity", None),
        ("identity", None),
        ("gzip;q=0, br;q=0", None),
        ("zstd, compress;q=0.5", None),
        ("gzip;q=nope", None),
        (",;,;=", None),
    ],
)
def test_the_sdk_goes_out_in_the_encoding_the_browser_accepts(client, sdk_path, accept, encoding):
    response = fetch(client, sdk_path, accept, Origin="https://shop.example.com")
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert DECODE[encoding](response.data) == SDK_BYTES
    assert response.headers["Content-Length"] == str(len(response.data))
    assert response.mimetype == "text/javascript"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    again = fetch(client, sdk_path, accept, **{"If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    head = fetch(client, sdk_path, accept, "HEAD")
    assert (head.status_code, head.data) == (200, b"")
    assert head.headers["Content-Length"] == response.headers["Content-Length"]
    assert head.headers["ETag"] == etag


@pytest.mark.parametrize("path", ["/widget.js", "sdk"])
def test_each_encoding_has_its_own_etag(client, sdk_path, path):
    path = sdk_path if path == "sdk" else path
    etags = {accept: fetch(client, path, accept).headers["ETag"] for accept in ("br", "gzip", None)}
    assert len(set(etags.values())) == 3
    # A cache that kept the gzip answer cannot revalidate it as the brotli one.
    other = fetch(client, path, "br", **{"If-None-Match": etags["gzip"]})
    assert (other.status_code, other.headers["Content-Encoding"]) == (200, "br")


def test_the_twins_are_much_smaller_than_the_files(client, sdk_path):
    sizes = {}
    for name, path in (("SDK", sdk_path), ("widget.js", "/widget.js")):
        sizes[name] = [len(fetch(client, path, accept).data) for accept in (None, "gzip", "br")]
        print("{}: raw {} B, gzip {} B, br {} B".format(name, *sizes[name]))
        raw, gz, br = sizes[name]
        assert br < gz < raw / 2
    assert sizes["SDK"][0] == len(SDK_BYTES) and sizes["SDK"][1] < len(SDK_BYTES) / 4


def test_twins_of_another_sdk_are_not_served(make_app, tmp_path, caplog):
    shutil.copytree(BUILD_DIR, tmp_path, dirs_exist_ok=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["sdk"]["integrity"] = "sha384-" + "A" * 64
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    app = make_app(WIDGET_BUILD_DIR=str(tmp_path))
    assert "SDK goes out uncompressed" in caplog.text
    with app.app_context():
        sdk = installed_sdk()
    assert sdk is not None
    response = fetch(app.test_client(), sdk.url_path, "br, gzip")
    assert (response.headers.get("Content-Encoding"), response.data) == (None, SDK_BYTES)
    assert fetch(app.test_client(), "/widget.js", "br").headers["Content-Encoding"] == "br"
