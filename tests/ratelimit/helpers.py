"""Shared by the limit tests on Redis: the Redis they use, a key namespace of a test's own, and
a token request as a visitor sends it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from callgate.buttons.store import create_button
from callgate.db import get_db
from tests.data import BUTTON, ORIGIN

REDIS = "redis://127.0.0.1:6379/0"


@contextmanager
def own_namespace() -> Iterator[str]:
    """Yield a key namespace of a test's own; its keys are deleted afterwards."""
    name = f"test-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(match=f"*{name}*"):
        client.delete(key)
    client.close()


def post(client, button_id: str, ip: str = "203.0.113.7"):
    """Ask for a token from the allowed origin as the client at `ip`."""
    return client.post(
        f"/api/v1/buttons/{button_id}/token",
        headers={"Origin": ORIGIN},
        environ_base={"REMOTE_ADDR": ip},
    )


def make_button(app) -> str:
    """Create a button like tests.data.BUTTON; return its id."""
    with app.app_context():
        return create_button(get_db(), dict(BUTTON)).id
