"""The optional second factor: TOTP codes (RFC 6238, 30 s, 6 digits), each usable once.

The secret is stored encrypted with the vault's keys, like the SIP passwords.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import pyotp
from sqlalchemy import or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from callgate.accounts.changes import note
from callgate.db.accounts import User
from callgate.vault.fernet import decrypt, encrypt, rotate
from callgate.vault.stored import vault_of

ISSUER = "Callgate"
STEP = 30


def new_secret() -> str:
    """Return a new random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """Return the otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def code_matches(secret: str, code: object, now: datetime, after_step: int | None) -> int | None:
    """Return the time step `code` is valid for (now, or one step either side), else None.

    Steps at or before `after_step` (already used) never match again.
    """
    text = code.replace(" ", "") if isinstance(code, str) else ""
    if not (len(text) == 6 and text.isascii() and text.isdigit()):
        return None
    totp, step = pyotp.TOTP(secret), int(now.timestamp()) // STEP
    for candidate in (step - 1, step, step + 1):
        if (after_step is None or candidate > after_step) and totp.verify(
            text, for_time=candidate * STEP
        ):
            return candidate
    return None


def enable(db: Session, user: User, secret: str, code: object, now: datetime) -> bool:
    """Turn the second factor on if `code` proves the app has `secret`; return whether it did."""
    step = code_matches(secret, code, now, None)
    if step is None:
        return False
    user.totp_secret = encrypt(vault_of(db), secret)
    user.totp_last_step = step
    note(db, f"user:{user.email}", "second factor on", "second_factor_on", user.email)
    db.commit()
    return True


def verify(db: Session, user: User, code: object, now: datetime) -> bool:
    """Check a login code against the user's secret; a matching code is spent.

    Spending is one conditional UPDATE (the step only moves forward), so the same code sent
    on several sessions at once logs in once.
    """
    if user.totp_secret is None:
        return False
    step = code_matches(decrypt(vault_of(db), user.totp_secret), code, now, user.totp_last_step)
    if step is None:
        return False
    spent = cast(
        CursorResult[Any],
        db.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        ),
    )
    db.commit()
    if spent.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def disable(db: Session, user: User, *, actor: str | None = None) -> None:
    """Remove the user's second factor (an admin's reset, or the user's own choice)."""
    user.totp_secret = None
    user.totp_last_step = None
    note(db, actor, "second factor removed", "second_factor_removed", user.email)
    db.commit()


def rotate_all(db: Session) -> int:
    """Re-encrypt every stored second-factor secret under the first encryption key; how many."""
    vault = vault_of(db)
    holders = list(db.scalars(select(User).where(User.totp_secret.is_not(None))))
    for user in holders:
        user.totp_secret = rotate(vault, str(user.totp_secret))
    db.commit()
    return len(holders)
