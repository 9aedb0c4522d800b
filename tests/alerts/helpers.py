"""Alert test steps: a real SMTP server (aiosmtpd) on loopback that speaks STARTTLS with its
own certificate authority and wants a password, keeping every message it was given."""

from __future__ import annotations

import datetime
import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER, PASSWORD = "alerts@shop.example", "smtp-password-1"


def _cert(name: str, key, issuer: x509.Name, signer, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(signer, hashes.SHA256())


def certificates(folder: Path) -> tuple[Path, Path, Path]:
    """Write a CA and a server certificate for 127.0.0.1; return (CA file, cert, key)."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    authority = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test alerts CA")])
    ca = _cert("Test alerts CA", ca_key, authority, ca_key, True)
    server = _cert("127.0.0.1", key, ca.subject, ca_key, False)
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


class Mailbox(list):
    """The messages the server took, parsed, with the STARTTLS and login each came over."""

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd
        mail = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.append((mail, envelope.rcpt_tos, session.ssl is not None, session.authenticated))
        return "250 OK"


def _login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(folder: Path, *, starttls: bool = True) -> Iterator[tuple[dict, Mailbox]]:
    """Run the SMTP server; yield the app settings that reach it and its mailbox. Without
    `starttls` it offers no STARTTLS (and no login), as a careless relay would."""
    import ssl

    cafile, cert, key = certificates(folder)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    box, port = Mailbox(), free_port()
    extra = {"tls_context": tls, "require_starttls": True} if starttls else {}
    auth = {"authenticator": _login, "auth_require_tls": True} if starttls else {}
    controller = Controller(box, hostname="127.0.0.1", port=port, **extra, **auth)
    controller.start()
    try:
        settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_CAFILE": str(cafile)}
        settings |= {
            "SMTP_USER": USER,
            "SMTP_PASSWORD": PASSWORD,
            "SMTP_FROM": "callgate@shop.example",
        }
        yield settings, box
    finally:
        controller.stop()
