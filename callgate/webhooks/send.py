"""One delivery: POST the signed body to the address the URL was checked against."""

from __future__ import annotations

import time
from collections.abc import Iterable

from callgate.addresses import IPNetwork
from callgate.outbound import urls
from callgate.outbound.post import post
from callgate.webhooks import signing


def deliver(
    url: str,
    secret: str,
    message_id: str,
    body: bytes,
    allowed: Iterable[IPNetwork],
    resolver: urls.Resolver = urls.resolve,
) -> int:
    """POST `body` signed to `url` (checked again now); return the HTTP status.

    Raises UnsafeUrl if the URL leads somewhere it must not, OSError if nobody answers.
    Redirects are not followed: a 3xx is an answer like any other.
    """
    sent = signing.headers(secret, message_id, int(time.time()), body)
    return post(url, body, sent | {"User-Agent": "Callgate-Webhooks"}, allowed, resolver)
