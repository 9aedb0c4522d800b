"""API keys in the core: shown once, stored as a hash, scoped, bounded by their creator's rights."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from callgate.accounts import roles, users
from callgate.apikeys import keys, use
from callgate.db.integrations import ApiKey
from callgate.db.models import AuditEvent, utcnow
from callgate.errors import InvalidInput

CLI = keys.Creator("cli")


def make(db, scopes=("buttons:read",), creator=CLI, workspace_id=1, **kw):
    return keys.create_key(db, workspace_id, kw.pop("name", "crm"), list(scopes), creator, **kw)


def test_the_key_is_shown_once_and_only_its_hash_is_stored(db, sql):
    row, text = make(db)
    assert text.startswith("cg_") and len(text) > 40
    stored = sql("SELECT key_hash, prefix FROM api_keys")
    assert stored == [(keys.digest(text), text[:10])]
    assert text not in str(sql("SELECT * FROM api_keys"))
    assert text not in str(sql("SELECT details, reason FROM audit_events"))
    assert use.authenticate(db, text).id == row.id


def test_last_use_is_recorded(db):
    row, text = make(db)
    assert row.last_used_at is None
    use.authenticate(db, text)
    db.expire_all()
    assert db.get(ApiKey, row.id).last_used_at is not None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("wrong", "invalid_key"),
        ("revoked", "key_revoked"),
        ("expired", "key_expired"),
        ("creator_viewer", "key_revoked"),
        ("creator_disabled", "key_revoked"),
        ("creator_removed", "key_revoked"),
    ],
)
def test_a_key_that_is_no_longer_good_is_refused_with_its_reason(db, people, change, code):
    editor = people["editor"]
    row, text = make(db, ("buttons:write",), keys.Creator("user:editor@example.com", editor))
    if change == "wrong":
        text = text[:-2] + "xx"
    elif change == "revoked":
        keys.revoke(db, row, "cli")
    elif change == "expired":
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
    elif change == "creator_viewer":
        roles.change_role(db, editor, "viewer", 1)
    elif change == "creator_disabled":
        users.set_disabled(db, editor, True)
    else:
        roles.change_role(db, editor, "none", 1)
    with pytest.raises(keys.KeyRefused) as caught:
        use.authenticate(db, text)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("role", "workspace", "scopes", "allowed"),
    [
        ("admin", "default", keys.SCOPES, True),
        ("admin", "other", keys.SCOPES, True),
        ("editor", "default", keys.SCOPES, True),
        ("editor", "other", ("buttons:read",), False),
        ("viewer", "default", keys.READ_SCOPES, True),
        ("viewer", "default", ("buttons:write",), False),
        ("viewer", "default", ("webhooks:write",), False),
    ],
)
def test_nobody_makes_a_key_beyond_their_own_rights(db, people, role, workspace, scopes, allowed):
    user = people[role]
    target = 1 if workspace == "default" else people["other"].id
    creator = keys.Creator(f"user:{user.email}", user)
    if allowed:
        make(db, scopes, creator, target)
        return
    with pytest.raises(keys.KeyRefused) as caught:
        make(db, scopes, creator, target)
    assert caught.value.code == "scope_exceeds_rights"
    assert db.scalar(select(ApiKey.id)) is None


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"scopes": ()}, "scopes_missing"),
        ({"scopes": ("everything",)}, "unknown_scope"),
        ({"name": ""}, "bad_request"),
        ({"expires_at": utcnow() - timedelta(days=1)}, "expiry_past"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(db, kw, code):
    with pytest.raises(InvalidInput) as caught:
        make(db, **kw)
    assert caught.value.code == code
    assert db.scalar(select(ApiKey.id)) is None


def test_a_name_is_unique_in_its_workspace(db, people):
    make(db)
    with pytest.raises(InvalidInput, match="already exists"):
        make(db)
    make(db, workspace_id=people["other"].id)


def test_making_and_revoking_are_audited(db):
    row, _text = make(db)
    keys.revoke(db, row, "cli")
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["apikey.create", "apikey.revoke"]
    assert keys.actor_of(row) == f"apikey:crm#{row.id}"
