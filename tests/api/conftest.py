"""Management API fixtures: keys made through the core, a client that sends one."""

from __future__ import annotations

import pytest

from callgate.accounts import workspaces
from callgate.apikeys import keys
from callgate.db import get_db


@pytest.fixture
def make_key(app):
    """Make a key in a workspace (default 1) with scopes (default all); return its text."""

    def make(scopes=keys.SCOPES, workspace_id=1, name=None, **kw):
        with app.app_context():
            db = get_db()
            label = name or f"k{len(keys.list_keys(db)) + 1}"
            return keys.create_key(
                db, workspace_id, label, list(scopes), keys.Creator("cli"), **kw
            )[1]

    return make


@pytest.fixture
def other_workspace(app):
    with app.app_context():
        return workspaces.create(get_db(), "Other").id


@pytest.fixture
def api(client, make_key):
    """Call the API with a key of the default workspace holding every scope."""
    text = make_key()

    def call(method, path, key=text, **kw):
        headers = kw.pop("headers", {}) | ({"Authorization": f"Bearer {key}"} if key else {})
        return client.open(f"/api/v1/manage{path}", method=method, headers=headers, **kw)

    return call
