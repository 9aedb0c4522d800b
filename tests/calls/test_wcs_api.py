"""The WCS REST API client: `POST <url>/call/terminate {"callId"}`, Basic auth, failures."""

from __future__ import annotations

import base64
import socket

import pytest

from callgate.calls.wcs_api import WcsApi, WcsApiError


def test_terminate_posts_the_call_id_without_login_by_default(wcs_rest):
    assert WcsApi(wcs_rest.url).terminate("call-1") is True
    [request] = wcs_rest.requests
    assert request["path"] == "/rest-api/call/terminate"
    assert request["body"] == {"callId": "call-1"}
    assert request["headers"]["Content-Type"] == "application/json"
    assert "Authorization" not in request["headers"]


def test_terminate_logs_in_with_basic_auth(wcs_rest):
    WcsApi(wcs_rest.url + "/", "admin", "pa:ss word").terminate("call-1")
    scheme, encoded = wcs_rest.requests[0]["headers"]["Authorization"].split(" ")
    assert (scheme, base64.b64decode(encoded)) == ("Basic", b"admin:pa:ss word")
    assert wcs_rest.requests[0]["path"] == "/rest-api/call/terminate"


def test_unknown_call_is_not_an_error(wcs_rest):
    wcs_rest.status = 404
    assert WcsApi(wcs_rest.url).terminate("gone") is False


@pytest.mark.parametrize("status", [400, 401, 403, 500, 503])
def test_other_answers_raise(wcs_rest, status):
    wcs_rest.status = status
    with pytest.raises(WcsApiError) as raised:
        WcsApi(wcs_rest.url).terminate("call-1")
    assert str(status) in raised.value.message
    assert raised.value.code == "wcs_api_unavailable"


def test_unreachable_api_raises():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}/rest-api"
        with pytest.raises(WcsApiError) as raised:
            WcsApi(url, timeout=2).terminate("call-1")
    assert "unreachable" in raised.value.message


def test_the_password_is_never_printed():
    api = WcsApi("http://wcs:8081/rest-api", "admin", "S3cret-REST-pass")
    assert "S3cret-REST-pass" not in repr(api) and "admin" in repr(api)
