"""`flask secrets rotate`: re-encrypt every stored SIP password, second-factor secret and other
sealed secret (identity, webhook signing, alert channel) under the newest key."""

from __future__ import annotations

from flask.cli import AppGroup

from callgate.accounts import totp
from callgate.cli.output import emit, friendly_errors, json_option
from callgate.db import get_db
from callgate.vault import sealed, stored

cli = AppGroup("secrets", help="Manage secrets stored in the database.")


@cli.command("rotate")
@json_option
@friendly_errors
def rotate_command(as_json: bool) -> None:
    """Re-encrypt every SIP password (and every other sealed secret) under the first key."""
    db = get_db()
    rotated, legacy = stored.rotate_all(db, stored.vault_of(db))
    factors = totp.rotate_all(db)
    others = sealed.rotate_sealed(db, stored.vault_of(db))
    text = f"Rotated {rotated} SIP password{'' if rotated == 1 else 's'} to the first key."
    if factors:
        text += f" Rotated {factors} second-factor secret{'' if factors == 1 else 's'} too."
    if any(others.values()):
        text += f" Rotated {sum(others.values())} other sealed secrets too ({_said(others)})."
    vacuumed = bool(legacy) and stored.scrub_free_space(db)
    if legacy:
        text += f" Encrypted {len(legacy)} stored in plain text: {', '.join(legacy)}."
        text += (
            " Compacted the SQLite file so the old plain text is gone."
            if vacuumed
            else " Run VACUUM on the database so the old plain text leaves its free space."
        )
    data = {
        "rotated": rotated,
        "legacyEncrypted": legacy,
        "vacuumed": vacuumed,
        "secondFactorsRotated": factors,
        "otherSecretsRotated": others,
    }
    emit(data, as_json, text)


def _said(counts: dict[str, int]) -> str:
    """Return "2 identity, 1 webhook" for the counts that are not zero."""
    words = {"identitySecrets": "identity", "webhookSecrets": "webhook", "alertSecrets": "alert"}
    return ", ".join(f"{n} {words[name]}" for name, n in counts.items() if n)
