"""Erasure: remove, or irreversibly blank, one person's data everywhere Callgate stores it.

A person is found by a phone number (their callback requests), by a call (the session that
placed it) or by a verified customer id (every call attempt that carried it, used or not).
Their callback requests go, with their notes; a number mentioned in another note blanks that
note; a call keeps its row for the figures, but its reports (quality, consent,
rating, tags) go, the address is dropped from its session and its audit rows, and the WCS
session id, which holds the visitor's full address, is replaced everywhere by a random one.
All of it and the audit row saying that an erasure happened (how many rows of which kind, by
whom, never the value) commit in one transaction. The finders are in retention/finders.py.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from sqlalchemy.orm import Session

from callgate.audit.trail import add, said
from callgate.errors import InvalidInput
from callgate.retention import finders, wipe
from callgate.retention.wipe import Footprint

#: The longest verified customer id stored (`call_contexts.customer`).
MAX_CUSTOMER = 64


class SubjectError(InvalidInput):
    """The erasure names nobody: no subject, two at once, or a number that cannot be read."""

    code = "erase_subject"
    codes = ("erase_nobody", "erase_phone", "erase_customer")


@dataclass(frozen=True)
class Subject:
    """Whose data to erase: exactly one of a phone number, a call id or a verified customer id."""

    phone: str | None = None
    call_id: str | None = None
    customer: str | None = None

    @property
    def by(self) -> str:
        """Return how the subject is named, as the audit row says it (never the value)."""
        if self.phone is not None:
            return "phone number"
        return "call" if self.call_id is not None else "customer id"


def phone_number(value: str, countries: Sequence[str]) -> str:
    """Return `value` in E.164 (national numbers read in the first allowed country)."""
    try:
        number = phonenumbers.parse(value.strip(), countries[0] if countries else None)
    except NumberParseException:
        raise SubjectError("not a phone number", code="erase_phone") from None
    if not phonenumbers.is_possible_number(number):
        raise SubjectError("not a phone number", code="erase_phone")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def find(db: Session, subject: Subject, countries: Sequence[str] = ()) -> Footprint:
    """Return where the subject's data is; raise SubjectError, or NotFound for an unknown call."""
    named = [subject.phone, subject.call_id, subject.customer]
    if sum(value is not None for value in named) != 1:
        raise SubjectError(
            "name one person: a phone number, a call id or a customer id", code="erase_nobody"
        )
    if subject.phone is not None:
        return finders.by_phone(db, phone_number(subject.phone, countries))
    if subject.call_id is not None:
        return finders.by_call(db, subject.call_id)
    return finders.by_customer(db, customer_id(str(subject.customer)))


def customer_id(value: str) -> str:
    """Return `value` stripped, as a verified customer id is stored; 1 to 64 characters."""
    value = value.strip()
    if not value or len(value) > MAX_CUSTOMER:
        raise SubjectError(
            f"a customer id has 1 to {MAX_CUSTOMER} characters", code="erase_customer"
        )
    return value


def erase(
    db: Session, subject: Subject, actor: str, countries: Sequence[str] = ()
) -> dict[str, int]:
    """Erase the subject's data and audit it, in one commit; return rows erased per kind.

    Raises SubjectError or NotFound (nothing changed); a database error rolls it all back.
    """
    footprint = find(db, subject, countries)
    try:
        counts = wipe.wipe(db, footprint, lambda: f"erased-{secrets.token_hex(16)}")
        by = subject.by
        add(
            db,
            "erasure",
            "done",
            f"a visitor's data erased, found by {by}",
            actor=actor,
            call_id=subject.call_id,
            details={"by": by, "erased": counts, **said("erased", by=by)},
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return counts
