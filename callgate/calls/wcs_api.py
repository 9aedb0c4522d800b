"""A client for WCS's management REST API: `POST <url>/call/terminate {"callId"}`.

The URL is the API base, `http://<wcs>:8081/rest-api` (or `https://<wcs>:8444/rest-api`).
WCS answers without authentication by default; with `disable_rest_auth=false` it wants HTTP
Basic credentials of a REST user made in the WCS CLI.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from callgate.errors import Unavailable


class WcsApiError(Unavailable):
    """WCS's REST API could not be reached, refused our credentials, or failed."""

    code = "wcs_api_unavailable"


@dataclass(frozen=True)
class WcsApi:
    """Where WCS's REST API is and how to log in to it; the password is never printed."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 5.0

    def terminate(self, call_id: str) -> bool:
        """End the call on WCS; return False if WCS does not know it. Raise WcsApiError."""
        request = urllib.request.Request(
            f"{self.url.rstrip('/')}/call/terminate",
            data=json.dumps({"callId": call_id}).encode(),
            method="POST",
            headers=self._headers(),
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
                return True
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 404:
                return False
            raise WcsApiError(f"WCS REST API answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise WcsApiError(f"WCS REST API unreachable: {reason}") from None

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.user:
            pair = f"{self.user}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        return headers
