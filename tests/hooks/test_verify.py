"""hooks/verify.py: the `Authorization: WCS <hex HMAC-MD5>` check over raw hook bodies."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from callgate.hooks.verify import SignatureError, sign, verify_signature

SECRETS = ["current-secret", "previous-secret"]
BODY = b'{"sessionId":"/203.0.113.7:53438/198.51.100.1:8443","nodeId":"n1","sipLogin":"x"}'


def hexsig(body: bytes = BODY, secret: str = SECRETS[0]) -> str:
    return hmac.new(secret.encode(), body, hashlib.md5).hexdigest()


@pytest.mark.parametrize("secret", SECRETS)
def test_either_secret_passes(secret):
    header = sign(BODY, secret)
    assert header == "WCS " + hexsig(secret=secret)
    assert verify_signature(BODY, header, SECRETS) is None


def test_uppercase_hex_is_accepted():
    # Hex case is only presentation: the same 128 bits, so accepting it reveals no secret.
    verify_signature(BODY, "WCS " + hexsig().upper(), SECRETS)


RESERIALIZED = [
    json.dumps(json.loads(BODY)).encode(),
    json.dumps(json.loads(BODY), separators=(",", ":"), sort_keys=True).encode(),
    json.dumps(json.loads(BODY), indent=1).encode(),
]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "WCS",
        "WCS ",
        "WCS " + hexsig()[:31],
        "WCS " + hexsig() + "0",
        "WCS " + hexsig()[:31] + "g",
        "WCS " + "z" * 32,
        "Bearer " + hexsig(),
        "wcs " + hexsig(),
        "WCS  " + hexsig(),
        "WCS\t" + hexsig(),
        " WCS " + hexsig(),
        "WCS " + hexsig() + " ",
        "WCS " + hexsig() + "\n",
        "WCS " + hexsig(b'{"nodeId":"n2"}'),
        "WCS " + hexsig(BODY + b" "),
        "WCS " + hexsig(secret="some-other-secret"),
        "WCS " + hashlib.md5(BODY).hexdigest(),
        *("WCS " + hexsig(body) for body in RESERIALIZED),
    ],
)
def test_bad_headers_are_refused(header):
    verify_signature(BODY, "WCS " + hexsig(), SECRETS)
    with pytest.raises(SignatureError):
        verify_signature(BODY, header, SECRETS)


def test_reserialized_json_differs_from_raw_bytes():
    assert all(body != BODY for body in RESERIALIZED)
    assert all(json.loads(body) == json.loads(BODY) for body in RESERIALIZED)


@pytest.mark.parametrize("body", [b"", b"{}", BODY])
def test_no_secrets_refuses_everything(body):
    with pytest.raises(SignatureError):
        verify_signature(body, sign(body, ""), [])
    with pytest.raises(SignatureError):
        verify_signature(body, sign(body, SECRETS[0]), ())


def test_signature_is_bound_to_the_body():
    header = sign(b'{"callee":"7001"}', SECRETS[0])
    with pytest.raises(SignatureError):
        verify_signature(b'{"callee":"+88213000000"}', header, SECRETS)
