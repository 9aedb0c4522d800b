"""Old audit rows get their reason's code and values, once, from the wording of the time.

Since the console says a reason from `details["say"]` only (audit/trail.py `said`), rows
written before showed their English words. This reads those words as the console did until
then (its table, frozen below in its order, each with the code the product now records) and
writes the `say` they stand for. One UPDATE per distinct wording for rows without details
(through an index on the wording kept for the upgrade only); rows with details (changes) get
`say` merged in, in batches by id. Rows that have a `say`, or whose wording the old console
did not read either, are left as they are.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07
"""

from __future__ import annotations

import ast
import re

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

#: The old console's readings (console/reasons.py before 0026), each with the code the product
#: now records for it; its named groups are the values the code takes.
PATTERNS: list[tuple[str, str]] = [
    (r"origin (?P<origin>\S+)", "page_origin"),
    (r"this site is not allowed to use this button", "origin_not_listed"),
    (r"this page's origin is missing or invalid", "origin_invalid"),
    (r"calls are switched off \(kill switch\)|kill switch", "kill_switch"),
    (r"daily budget used", "budget_exhausted"),
    (r"too many calls", "too_many_calls"),
    (r"rate limit (?P<kind>ip|prefix|button|global|others)", "rate_limited"),
    (r"rate limit storage unavailable", "limits_unavailable"),
    (r"no button (?P<id>.+)", "no_button"),
    (r"this button offers no callback", "callbacks_off"),
    (r"the visitor has not accepted the button's notice", "consent_required"),
    (r"the body must be empty or \{.*\}", "token_body"),
    (r"not a (valid )?phone number", "not_a_phone"),
    (r"(?P<prefix>\S+) is a (?P<kind>.+) number", "special_number"),
    (r"(?P<prefix>\S+) is outside CALLGATE_CALLEE_COUNTRIES", "outside_countries"),
    (r"callback request (?P<n>\d+) from (?P<origin>\S+)", "callback_request"),
    (r"callback request (?P<n>\d+) marked (?P<status>new|done) by (?P<who>.+)", "callback_marked"),
    (r"token already used", "token_used"),
    (r"origin not allowed", "origin_not_allowed"),
    (r"token bound to another address", "token_bound"),
    (r"button unavailable", "button_unavailable"),
    (r"no open session", "no_open_session"),
    (r"missing callId", "call_id_missing"),
    (r"one call per session", "one_call_per_session"),
    (r"no call in progress", "no_call_in_progress"),
    (r"bad dtmf digits", "bad_dtmf"),
    (r"method (?P<method>\S+) not allowed", "method_not_allowed"),
    (r"(?P<field>sip\w+) not allowed", "field_not_allowed"),
    (r"call token is missing", "token_missing"),
    (r"call token is too long", "token_too_long"),
    (r"call token is invalid", "token_invalid"),
    (r"call token has expired", "token_expired"),
    (r"call token has an unknown version", "token_version"),
    (r"call token is malformed", "token_malformed"),
    (r"no signing key configured", "no_signing_key"),
    (r"malformed JSON|the body must be JSON", "body_not_json"),
    (r"body must be a JSON object", "body_not_object"),
    (r"missing sessionId", "session_id_missing"),
    (r"missing status", "status_missing"),
    (r"bad status", "bad_status"),
    (r"number out of range", "number_out_of_range"),
    (r"(?P<field>\S+) is not a JSON number", "not_a_number"),
    (r"(control character|invalid unicode) in (?P<field>.+)", "forbidden_characters"),
    (r"not a (?P<method>[\w ]+) body", "wrong_body"),
    (r"the note must be plain text of at most (?P<n>\d+) characters", "note_too_long"),
    (r"a callback request holds phone and note only", "callback_fields"),
    (r"hook secret not configured", "no_hook_secret"),
    (r"missing or malformed signature", "signature_missing"),
    (r"bad signature", "bad_signature"),
    (r"source not allowed", "source_not_allowed"),
    (r"closed", "closed"),
    (r"global kill switch (?P<state>on|off)", "kill_switch_global"),
    (r"button kill switch (?P<state>on|off)", "kill_switch_button"),
    (r"max duration (?P<n>\d+)s reached", "max_duration"),
    (r"max duration (?P<n>\d+)s reached; WCS no longer knew the call", "max_duration_gone"),
    (r"(?P<holder>\S+) took the watchdog lease \(\S+\)", "watchdog_lease"),
    # The old text named who; the code keeps the kind of limit only (as the product now does).
    (r"too many failed logins \((?P<kind>\w+)\): .*", "login_throttled"),
    (r"wrong password: (?P<who>.*)", "login_wrong_password"),
    (r"account disabled: (?P<who>.*)", "login_account_disabled"),
    (r"wrong code: (?P<who>.*)", "login_wrong_code"),
]
COMPILED = [(re.compile(pattern), code) for pattern, code in PATTERNS]
#: The widget's built-in closed texts of the time (buttons/texts.py), English and Russian.
CLOSED_TEXTS = (
    "We are closed right now. Please call during our opening hours.",
    "Сейчас мы не работаем. Позвоните, пожалуйста, в рабочее время.",
)
#: Rows with details are read and merged this many at a time.
BATCH = 1000
#: An index on the wording, for the time of the upgrade only.
BY_REASON = "ix_audit_events_reason_0026"


def say_of(reason: str | None, code: str | None) -> dict | None:
    """Return the `say` of an old row worded `reason` with refusal `code` (None: unread)."""
    if not reason:
        return None
    for pattern, key in COMPILED:
        found = pattern.fullmatch(reason)
        if found:
            return _said(key, found.groupdict())
    if reason in CLOSED_TEXTS:
        return {"code": "closed", "params": {}}
    if code == "closed":  # a closed button's own message, said as closed with its words
        return {"code": "closed_own", "params": {}}
    return None


def _said(key: str, values: dict[str, str]) -> dict:
    """Return the `say` of code `key` with the values read, typed as the product writes them."""
    params: dict[str, str | int] = {
        name: int(value) if name == "n" else value for name, value in values.items()
    }
    if key == "no_button":  # the old wording quoted the id with repr()
        params["id"] = _unquoted(str(params["id"]))[:64]
    if key == "forbidden_characters" and params["field"] == "a field":
        return {"code": "forbidden_characters_unnamed", "params": {}}
    return {"code": key, "params": params}


def _unquoted(text: str) -> str:
    """Return `text` without the quotes repr() put around it, or as it is if it has none."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    return value if isinstance(value, str) else text


EVENTS = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("reason", sa.String),
    sa.column("code", sa.String),
    sa.column("details", sa.JSON),
)


def upgrade() -> None:
    """Give old rows with a wording the old console read the `say` of its code and values."""
    connection = op.get_bind()
    # Each wording's UPDATE finds its rows by this index, not by reading the whole table.
    op.create_index(BY_REASON, "audit_events", ["reason"])
    _fill_rows_without_details(connection)
    op.drop_index(BY_REASON, "audit_events")
    _merge_into_rows_with_details(connection)


def _fill_rows_without_details(connection: sa.Connection) -> None:
    """Give each distinct wording's rows without details their `say`, one UPDATE each."""
    e = EVENTS.c
    bare = (e.reason.is_not(None), e.details.is_(None))
    wordings = sa.select(e.reason, e.code).where(*bare).group_by(e.reason, e.code)
    done: set[tuple[str, bool]] = set()
    for reason, code in connection.execute(wordings).all():
        said = say_of(reason, code)
        own = said is not None and said["code"] == "closed_own"
        if said is None or (reason, own) in done:
            continue
        done.add((reason, own))
        where = [e.reason == reason, *bare, *([e.code == "closed"] if own else [])]
        connection.execute(EVENTS.update().where(*where).values(details={"say": said}))


def _merge_into_rows_with_details(connection: sa.Connection) -> None:
    """Merge `say` into rows that have details without one, BATCH rows at a time by id."""
    e = EVENTS.c
    change = (
        EVENTS.update()
        .where(e.id == sa.bindparam("row_id"))
        .values(details=sa.bindparam("merged", type_=sa.JSON))
    )
    last = 0
    while True:
        query = (
            sa.select(e.id, e.reason, e.code, e.details)
            .where(e.id > last, e.reason.is_not(None), e.details.is_not(None))
            .order_by(e.id)
            .limit(BATCH)
        )
        rows = connection.execute(query).all()
        if not rows:
            return
        last = rows[-1].id
        merged = []
        for row_id, reason, code, details in rows:
            kept = {} if details is None else details  # a JSON null holds nothing to keep
            said = say_of(reason, code) if isinstance(kept, dict) and "say" not in kept else None
            if said is not None:
                merged.append({"row_id": row_id, "merged": {**kept, "say": said}})
        if merged:
            connection.execute(change, merged)


def downgrade() -> None:
    """The codes stay: the console of revision 0025 says them, an older one ignores them."""
