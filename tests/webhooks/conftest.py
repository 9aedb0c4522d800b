"""A local webhook receiver."""

from __future__ import annotations

import pytest

from tests.webhooks.helpers import receiving


@pytest.fixture
def receiver():
    """A local HTTP server that keeps what it was sent; yield (its URL, the list)."""
    with receiving() as found:
        yield found
