"""The buttons' stored SIP passwords: seal one, reveal one for `/connect`, survey, rotate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from cryptography.fernet import MultiFernet
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import Session

from callgate.db.models import Button
from callgate.vault import fernet, redact

#: Where a database session finds the app's MultiFernet (`sessionmaker(info=...)`).
SESSION_KEY = "callgate.vault"


@dataclass
class Survey:
    """What a look at every stored password found: buttons still in plain text, and broken."""

    checked: int = 0
    legacy: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


def vault_of(db: Session) -> MultiFernet:
    """Return the MultiFernet the session was made with; raise VaultError if there is none."""
    vault = db.info.get(SESSION_KEY)
    if vault is None:
        raise fernet.VaultError("no encryption keys: this session was not made by the app")
    return vault


def seal(db: Session, plaintext: str) -> str:
    """Return `plaintext` encrypted under the session's first key, ready to store."""
    return fernet.encrypt(vault_of(db), plaintext)


def reveal(vault: MultiFernet, button: Button) -> str:
    """Return the button's SIP password and mask it in logs from now on.

    Raises DecryptError naming the button when no configured key opens it.
    """
    try:
        password = fernet.decrypt(vault, button.sip_password)
    except fernet.DecryptError:
        raise fernet.DecryptError(
            f"button {button.id}: its SIP password cannot be decrypted with "
            "CALLGATE_ENCRYPTION_KEYS",
            button_id=button.id,
        ) from None
    redact.KNOWN.remember(password)
    return password


def survey(db: Session, vault: MultiFernet) -> Survey:
    """Decrypt every stored password (each is then masked in logs); list legacy and broken."""
    found = Survey()
    for button_id, stored in db.execute(select(Button.id, Button.sip_password).order_by(Button.id)):
        found.checked += 1
        try:
            redact.KNOWN.remember(fernet.decrypt(vault, stored))
        except fernet.DecryptError:
            found.broken.append(button_id)
            continue
        if not fernet.is_token(stored):
            found.legacy.append(button_id)
    return found


def rotate_all(db: Session, vault: MultiFernet) -> tuple[int, list[str]]:
    """Re-encrypt every stored password under the first key, in one transaction.

    Returns how many rows were rotated and which buttons were still in plain text (they are
    now encrypted). Raises DecryptError naming the broken buttons, and then changes nothing.
    """
    found = survey(db, vault)
    if found.broken:
        raise fernet.DecryptError(broken_message(found.broken))
    rotated = 0
    for button_id, stored in db.execute(select(Button.id, Button.sip_password)).all():
        # Only if unchanged: a concurrent `button update` has already stored a fresh token.
        # Session.execute is typed as returning a Result; an UPDATE gives a CursorResult.
        result = cast(
            CursorResult[Any],
            db.execute(
                update(Button)
                .where(Button.id == button_id, Button.sip_password == stored)
                .values(sip_password=fernet.rotate(vault, stored))
            ),
        )
        rotated += result.rowcount
    db.commit()
    return rotated, found.legacy


def scrub_free_space(db: Session) -> bool:
    """Rebuild a SQLite file and empty its write-ahead log, so replaced plain text is gone.

    Returns False, doing nothing, on other databases: run their own VACUUM.
    """
    engine = db.get_bind()
    assert isinstance(engine, Engine), "the app's sessions are bound to its engine"
    if engine.dialect.name != "sqlite":
        return False
    db.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return True


def broken_message(button_ids: list[str]) -> str:
    """Return the one-line error for buttons whose stored password no key opens."""
    return (
        f"the SIP password of button {', '.join(button_ids)} cannot be decrypted with "
        "CALLGATE_ENCRYPTION_KEYS (was its key removed?); put the key back in the list, "
        "or set a new password with `bin/callgate button update ID --sip-password-stdin`"
    )
