"""Make, find, use and revoke API keys; a key is shown once (`cg_…`) and stored as SHA-256.

A key belongs to one workspace and carries scopes. Nobody makes a key with more rights than
their own (a viewer only read scopes), and a key made by a person stops working as soon as
that person no longer holds the rights it carries (disabled, removed, made a viewer).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callgate.accounts import workspaces
from callgate.audit.changes import record_change
from callgate.audit.say import said
from callgate.db.accounts import User
from callgate.db.integrations import ApiKey
from callgate.db.models import utcnow
from callgate.errors import InvalidInput, NotFound, Refused

PREFIX = "cg_"
READ_SCOPES = ("buttons:read", "calls:read", "callbacks:read")
WRITE_SCOPES = ("buttons:write", "callbacks:write", "webhooks:write")
SCOPES = (*READ_SCOPES, *WRITE_SCOPES)
#: Which scopes each role may hand to a key in its workspace.
ROLE_SCOPES = {"admin": SCOPES, "editor": SCOPES, "viewer": READ_SCOPES}
#: How often a key's last use is written (a busy key does not write on every request).
LAST_USE_STEP = timedelta(minutes=1)


class KeyRefused(Refused):
    """A key that is not usable, or a key its creator may not make."""

    codes = ("invalid_key", "key_expired", "key_revoked", "scope_exceeds_rights")


class KeyInput(InvalidInput):
    """A key's fields are not right: no scope, an unknown one, a past expiry, a taken name."""

    codes = ("scopes_missing", "unknown_scope", "expiry_past", "name_taken")


@dataclass(frozen=True)
class Creator:
    """Who makes a key: the CLI (`user` None, every right) or a console user."""

    actor: str
    user: User | None = None


def digest(key: str) -> str:
    """Return the SHA-256 (hex) a key is stored and looked up by."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_scopes(value: object) -> list[str]:
    """Return the scopes in a fixed order; raise InvalidInput for none or an unknown one."""
    given = [value] if isinstance(value, str) else value
    if not isinstance(given, (list, tuple)) or not given:
        raise KeyInput("give at least one scope", code="scopes_missing")
    unknown = [s for s in given if s not in SCOPES]
    if unknown:
        raise KeyInput(
            f"unknown scopes: {', '.join(map(str, unknown))}", code="unknown_scope", names=unknown
        )
    return [s for s in SCOPES if s in given]


def allowed_scopes(db: Session, user: User | None, workspace_id: int) -> tuple[str, ...]:
    """Return the scopes `user` (None: the CLI) may give a key of the workspace."""
    if user is None:
        return SCOPES
    if user.disabled:
        return ()
    return ROLE_SCOPES.get(workspaces.role_in(db, user, workspace_id) or "", ())


def create_key(
    db: Session,
    workspace_id: int,
    name: object,
    scopes: object,
    creator: Creator,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Store a new key and return it with the key text, which is never shown again."""
    workspace = workspaces.get(db, workspace_id)
    label = workspaces.check_name(name)
    chosen = check_scopes(scopes)
    beyond = set(chosen) - set(allowed_scopes(db, creator.user, workspace.id))
    if beyond:
        raise KeyRefused(
            f"your role may not give {', '.join(sorted(beyond))}",
            code="scope_exceeds_rights",
            names=sorted(beyond),
        )
    if expires_at is not None and expires_at <= utcnow():
        raise KeyInput("the expiry must be in the future", code="expiry_past")
    text = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        workspace_id=workspace.id,
        name=label,
        key_hash=digest(text),
        prefix=text[:10],
        scopes=chosen,
        created_by=creator.actor,
        creator_id=creator.user.id if creator.user else None,
        expires_at=expires_at,
    )
    db.add(row)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise KeyInput(f"a key {label!r} already exists here", code="name_taken") from None
    changes = {"name": [None, label], "scopes": [None, chosen], "workspace": [None, workspace.id]}
    reason, say = f"created key {label}", said("apikey_created", name=label)
    record_change(db, "apikey.create", creator.actor, changes, reason, say)
    db.commit()
    return row, text


def list_keys(db: Session, workspace_ids: list[int] | None = None) -> list[ApiKey]:
    """Return the keys (of `workspace_ids`, if given), newest first, revoked ones too."""
    query = select(ApiKey).order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
    if workspace_ids is not None:
        query = query.where(ApiKey.workspace_id.in_(workspace_ids))
    return list(db.scalars(query))


def get_key(db: Session, key_id: object, workspace_ids: list[int] | None = None) -> ApiKey:
    """Return the key with `key_id` (among `workspace_ids`, if given); raise NotFound."""
    row = db.get(ApiKey, key_id) if isinstance(key_id, int) else None
    if row is None or (workspace_ids is not None and row.workspace_id not in workspace_ids):
        raise NotFound(f"no API key {key_id!r}")
    return row


def revoke(db: Session, row: ApiKey, actor: str) -> None:
    """Stop the key working from now on (kept in the list, marked revoked); audited."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        changes = {"revoked": [False, True]}
        reason, say = f"revoked key {row.name}", said("apikey_revoked", name=row.name)
        record_change(db, "apikey.revoke", actor, changes, reason, say)
        db.commit()


def actor_of(row: ApiKey) -> str:
    """Return the audit trail's name for what a key does: `apikey:<name>#<id>`."""
    return f"apikey:{row.name}#{row.id}"


def state(row: ApiKey, now: datetime | None = None) -> str:
    """Return "active", "expired" or "revoked"."""
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at is not None and row.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def describe(row: ApiKey) -> dict[str, object]:
    """Return the key as plain data, without its hash."""
    return {
        "id": row.id,
        "name": row.name,
        "workspaceId": row.workspace_id,
        "prefix": row.prefix,
        "scopes": list(row.scopes),
        "createdBy": row.created_by,
        "createdAt": row.created_at.isoformat() if row.created_at else None,
        "expiresAt": row.expires_at.isoformat() if row.expires_at else None,
        "lastUsedAt": row.last_used_at.isoformat() if row.last_used_at else None,
        "state": state(row),
    }
