"""The other secrets sealed with the encryption keys, besides SIP passwords and second-factor
secrets: buttons' identity secrets, webhook endpoints' signing secrets, alert channels' bot
tokens and chat webhook URLs. `secrets rotate` re-encrypts them under the first key too, so the
old key can be dropped without breaking any of them."""

from __future__ import annotations

from cryptography.fernet import MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from callgate.db.alerts import AlertChannel
from callgate.db.integrations import WebhookEndpoint
from callgate.db.routes import IdentitySecret
from callgate.vault import fernet

#: Name in `secrets rotate --json`, the table's model; each seals its `secret` column.
SEALED = (
    ("identitySecrets", IdentitySecret),
    ("webhookSecrets", WebhookEndpoint),
    ("alertSecrets", AlertChannel),
)


def rotate_sealed(db: Session, vault: MultiFernet) -> dict[str, int]:
    """Re-encrypt every such secret under the first key, in one transaction; return how many of
    each. Raises DecryptError naming the rows no key opens, and then changes nothing."""
    found = {name: _rows(db, model) for name, model in SEALED}
    broken = [
        f"{model.__tablename__} {row.id}"
        for (name, model) in SEALED
        for row in found[name]
        if not _opens(vault, row.secret)
    ]
    if broken:
        raise fernet.DecryptError(f"no encryption key opens: {', '.join(broken)}")
    for rows in found.values():
        for row in rows:
            row.secret = fernet.rotate(vault, row.secret)
    db.commit()
    return {name: len(rows) for name, rows in found.items()}


def _rows(db: Session, model: type) -> list:
    return list(db.scalars(select(model).where(model.secret.is_not(None))))  # type: ignore[attr-defined]


def _opens(vault: MultiFernet, stored: str) -> bool:
    try:
        fernet.decrypt(vault, stored)
    except fernet.DecryptError:
        return False
    return True
