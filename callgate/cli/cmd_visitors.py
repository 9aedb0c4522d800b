"""`callgate visitors erase`: erase one person's data everywhere it is stored, on request."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from callgate.cli.output import emit, friendly_errors, json_option
from callgate.db import get_db
from callgate.retention import erasure
from callgate.retention.wipe import Footprint

cli = AppGroup("visitors", help="Erase a visitor's data (a right-to-erasure request).")


@cli.command("erase")
@click.option("--phone", help="The number of the person's callback requests (E.164).")
@click.option("--call", "call_id", help="The id of the person's call (as `calls list` shows).")
@click.option("--customer", help="The person's verified customer id (the `sub` the site signed).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@friendly_errors
def erase_command(
    phone: str | None, call_id: str | None, customer: str | None, yes: bool, as_json: bool
) -> None:
    """Remove or blank everything stored of one person; audited without the erased value."""
    db, countries = get_db(), current_app.config["CALLEE_COUNTRIES"]
    subject = erasure.Subject(phone=phone, call_id=call_id, customer=customer)
    found = erasure.find(db, subject, countries)
    if not yes:
        click.confirm(f"Erase {_what(subject, found)}? This cannot be undone.", abort=True)
    counts = erasure.erase(db, subject, "cli", countries)
    lines = [f"  {kind.replace('_', ' ')}: {n}" for kind, n in counts.items()]
    emit(counts, as_json, "\n".join(["Erased; rows changed:", *lines]))


def _what(subject: erasure.Subject, found: Footprint) -> str:
    """Return what the confirmation question says will be erased."""
    if subject.phone is not None:
        return f"that number's callback requests ({len(found.callbacks)} found)"
    if subject.call_id is not None:
        return "the visitor's data of that call"
    return f"that customer's call attempts ({len(found.contexts)} found, {len(found.calls)} calls)"
