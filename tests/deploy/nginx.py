"""Run deploy/nginx/callgate.conf as written, for tests: only its upstream blocks, ports and
certificate paths are substituted, inside a minimal nginx.conf of the test's own (whose access
log names the upstream that answered)."""

from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx" / "callgate.conf"
UPSTREAM = re.compile(r"# BEGIN upstream.*?# END upstream", re.S)
WRAPPER = """daemon off;
user root;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 128; }}
http {{
    log_format ids '$request_id $status $request_uri $upstream_addr';
    access_log {dir}/access.log ids;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/callgate.conf;
}}
"""


@dataclass
class Nginx:
    """A running nginx and where it listens."""

    process: subprocess.Popen
    http_port: int
    https_port: int
    folder: Path


def certificate(folder: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for 127.0.0.1 and its key; return their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "callgate.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def render(
    upstreams: list[str],
    http_port: int,
    https_port: int,
    cert: Path,
    key: Path,
    hooks: list[str] | None = None,
) -> str:
    """Return the repository's configuration with these upstreams, ports and certificate.

    `hooks` are the instances' hook workers (`host:port` or `unix:/path`); by default the
    hooks go to `upstreams`, whose workers take hooks too.
    """
    text = CONF.read_text()
    written = UPSTREAM.search(text)
    assert written and "upstream callgate_hooks" in written.group(0)
    blocks = [("callgate_app", upstreams), ("callgate_hooks", hooks or upstreams)]
    text = UPSTREAM.sub(lambda _: "\n".join(_block(name, found) for name, found in blocks), text)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = "\n".join(line for line in text.splitlines() if "listen [::]" not in line)
    text = text.replace("/etc/ssl/callgate/fullchain.pem", str(cert))
    return text.replace("/etc/ssl/callgate/privkey.pem", str(key))


def _block(name: str, servers: list[str]) -> str:
    lines = "".join(f"    server {address};\n" for address in servers)
    return f"upstream {name} {{\n{lines}}}"


def start(
    folder: Path,
    upstreams: list[str],
    http_port: int,
    https_port: int,
    hooks: list[str] | None = None,
) -> Nginx:
    """Check and start nginx with the rendered configuration in `folder`."""
    cert, key = certificate(folder)
    conf = render(upstreams, http_port, https_port, cert, key, hooks)
    (folder / "callgate.conf").write_text(conf)
    (folder / "nginx.conf").write_text(WRAPPER.format(dir=folder))
    command = ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True, capture_output=True, text=True)
    return Nginx(subprocess.Popen(command), http_port, https_port, folder)
