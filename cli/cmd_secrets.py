"""`flask secrets rotate`: re-encrypt every stored SIP password under the newest key."""

from __future__ import annotations

from flask.cli import AppGroup

from cli.output import emit, friendly_errors, json_option
from db import get_db
from vault import stored

cli = AppGroup("secrets", help="Manage secrets stored in the database.")


@cli.command("rotate")
@json_option
@friendly_errors
def rotate_command(as_json: bool) -> None:
    """Re-encrypt every SIP password under the first key of CALLGATE_ENCRYPTION_KEYS."""
    db = get_db()
    rotated, legacy = stored.rotate_all(db, stored.vault_of(db))
    text = f"Rotated {rotated} SIP password{'' if rotated == 1 else 's'} to the first key."
    vacuumed = bool(legacy) and stored.scrub_free_space(db)
    if legacy:
        text += f" Encrypted {len(legacy)} stored in plain text: {', '.join(legacy)}."
        text += (
            " Compacted the SQLite file so the old plain text is gone."
            if vacuumed
            else " Run VACUUM on the database so the old plain text leaves its free space."
        )
    data = {"rotated": rotated, "legacyEncrypted": legacy, "vacuumed": vacuumed}
    emit(data, as_json, text)
