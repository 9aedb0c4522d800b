"""Route tests ask many tokens from one test client address: they use the roomy app."""

from __future__ import annotations

import pytest


@pytest.fixture
def app(roomy_app):
    return roomy_app
