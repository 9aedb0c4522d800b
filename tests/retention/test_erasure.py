"""Erasure: one person's data leaves every table (searched by introspection) and the logs, in
one transaction, with an audit row that says so without the erased value."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from callgate.addresses import parse_networks
from callgate.alerts import channels
from callgate.db import get_db
from callgate.db.models import AuditEvent, Call
from callgate.retention.erasure import Subject, SubjectError, erase, find
from callgate.visitors.callbacks import list_callbacks
from callgate.webhooks import endpoints
from tests.data import ORIGIN
from tests.retention.traces import text_columns, traces
from tests.wcs import session_id

NUMBER = "+493012345678"
OTHER = "+74951234567"
VISITOR = "192.0.2.55"


def leave(client, button_id: str, phone: str, note: str | None = None) -> None:
    body = json.dumps({"phone": phone, "note": note})
    response = client.post(
        f"/api/v1/buttons/{button_id}/callbacks", data=body, headers={"Origin": ORIGIN}
    )
    assert response.status_code == 201, response.get_json()


def erase_cli(runner, *args: str) -> dict:
    result = runner.invoke(args=["visitors", "erase", *args, "--yes", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def erasures(app) -> list[AuditEvent]:
    with app.app_context():
        return list(get_db().scalars(select(AuditEvent).where(AuditEvent.action == "erasure")))


def test_a_number_leaves_every_table_and_the_logs(
    app, client, runner, offering, database_url, caplog
):
    caplog.set_level(logging.DEBUG)
    with app.app_context():  # the owner's endpoint gets each request as a webhook message
        fields = {"url": "http://127.0.0.1:9/in", "events": ["callback.requested"]}
        endpoints.create(get_db(), 1, fields, "cli", parse_networks(["127.0.0.1"]))
        # ... and the owner's alerts, with the number whole, as an alert each
        wanted = {"kind": "email", "address": "o@shop.example", "alerts": ["callback"]}
        wanted["includePhoneNumbers"] = True
        channels.add_channel(get_db(), 1, wanted, ("cli", None, "en"), ([], True))
    leave(client, offering.id, "+49 30 1234 5678", "evenings, please")
    leave(client, offering.id, OTHER, f"or my wife's phone {NUMBER}")
    leave(client, offering.id, "+442079460958", "kept")
    assert traces(database_url, NUMBER)  # the search finds it before
    counts = erase_cli(runner, "--phone", "+49 30 12345678")
    assert (counts["callback_requests"], counts["callback_notes"]) == (1, 1)
    assert counts["webhook_messages"] == 2  # its own request, and the note naming it
    assert counts["alert_messages"] == 2
    assert traces(database_url, NUMBER, NUMBER[1:], "evenings, please") == []
    assert text_columns(database_url) > 50
    assert NUMBER not in caplog.text and NUMBER[1:] not in caplog.text
    with app.app_context():
        kept = {r["phone"]: r["note"] for r in list_callbacks(get_db())}
    assert kept == {OTHER: None, "+442079460958": "kept"}
    [row] = erasures(app)
    assert (row.outcome, row.actor, row.details) == (
        "done",
        "cli",
        {
            "by": "phone number",
            "erased": counts,
            "say": {"code": "erased", "params": {"by": "phone number"}},
        },
    )


def placed_call(client, wcs, button_id: str, ip: str) -> tuple[str, str]:
    """Place a call from a visitor at `ip`, reported and rated; return (call id, session id)."""
    grant = client.post(f"/api/v1/buttons/{button_id}/token", headers={"Origin": ORIGIN})
    sid = session_id(ip)
    connect = wcs.connect_body(grant.get_json()["token"], ORIGIN, sid)
    assert wcs.post("connect", connect).status_code == 200
    body = wcs.call_body(sid)
    assert wcs.post("call", body).status_code == 200
    event = wcs.event_body(sid, "ESTABLISHED", body["callId"], info="answered")
    assert wcs.post("CallStatusEvent", event).status_code == 200
    report = {"key": grant.get_json()["reportKey"], "rating": 2, "tags": ["echo"]}
    answer = client.post(
        "/api/v1/calls/report", data=json.dumps(report), headers={"Origin": ORIGIN}
    )
    assert answer.status_code == 200, answer.get_json()
    return body["callId"], sid


def test_a_call_keeps_its_figures_but_loses_its_visitor(
    app, client, runner, wcs, offering, database_url, caplog
):
    caplog.set_level(logging.DEBUG)
    call_id, sid = placed_call(client, wcs, offering.id, VISITOR)
    other_id, other_sid = placed_call(client, wcs, offering.id, "198.51.100.9")
    assert traces(database_url, VISITOR, "192.0.2.0")
    counts = erase_cli(runner, "--call", call_id)
    assert counts["sessions"] == 1 and counts["call_reports"] == 1 and counts["audit_rows"] >= 2
    assert traces(database_url, VISITOR, "192.0.2.0", sid) == []
    assert VISITOR not in caplog.text
    with app.app_context():
        call = get_db().get(Call, call_id)
        assert call is not None and call.session_id.startswith("erased-")
        assert call.button_id == offering.id
    calls = {
        c["callId"]: c for c in json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    }
    assert calls[call_id]["rating"] is None
    assert calls[other_id]["rating"] == {"score": 2, "tags": ["echo"]}
    assert traces(database_url, other_sid)  # the other visitor's call is untouched
    [row] = erasures(app)
    assert (row.call_id, row.details["by"]) == (call_id, "call")


REFUSE_AUDIT = {
    "sqlite": [
        "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$",
        "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION no_audit()",
    ],
}


def test_without_its_audit_row_nothing_is_erased(app, client, runner, offering, sql, database_url):
    leave(client, offering.id, NUMBER)
    leave(client, offering.id, OTHER, f"call {NUMBER}")
    for statement in REFUSE_AUDIT[database_url.split(":")[0].split("+")[0]]:
        sql(statement)
    result = runner.invoke(args=["visitors", "erase", "--phone", NUMBER, "--yes"])
    assert result.exit_code == 1 and result.output.startswith("Error: database error")
    stored = sql("SELECT phone, note FROM callback_requests ORDER BY id")
    assert [tuple(r) for r in stored] == [(NUMBER, None), (OTHER, f"call {NUMBER}")]


NOBODY = "Error: name one person: a phone number, a call id or a customer id"
CUSTOMER_LENGTH = "Error: a customer id has 1 to 64 characters"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ([], NOBODY),
        (["--phone", NUMBER, "--call", "c1"], NOBODY),
        (["--phone", NUMBER, "--customer", "cust-1"], NOBODY),
        (["--call", "c1", "--customer", "cust-1"], NOBODY),
        (["--customer", ""], CUSTOMER_LENGTH),
        (["--customer", "   "], CUSTOMER_LENGTH),
        (["--customer", "c" * 65], CUSTOMER_LENGTH),
        (["--phone", "not a number"], "Error: not a phone number"),
        (["--phone", "+49 1"], "Error: not a phone number"),
        (["--call", "no-such-call"], "Error: no call 'no-such-call'"),
    ],
)
def test_bad_subjects_get_one_error_line_and_change_nothing(app, runner, args, error):
    result = runner.invoke(args=["visitors", "erase", *args, "--yes"])
    assert (result.exit_code, result.output.splitlines()) == (1, [error])
    assert erasures(app) == []


def test_without_yes_it_asks_first(app, client, runner, offering):
    leave(client, offering.id, NUMBER)
    refused = runner.invoke(args=["visitors", "erase", "--phone", NUMBER], input="n\n")
    assert (
        refused.exit_code == 1
        and "Erase that number's callback requests (1 found)? This cannot be undone."
        in refused.output
    )
    assert erasures(app) == []
    agreed = runner.invoke(args=["visitors", "erase", "--phone", NUMBER], input="y\n")
    assert agreed.exit_code == 0 and "callback requests: 1" in agreed.output


def test_an_unknown_number_is_an_audited_erasure_of_nothing(app):
    with app.app_context():
        counts = erase(get_db(), Subject(phone=NUMBER), "user:admin@example.com")
    assert set(counts.values()) == {0}
    [row] = erasures(app)
    assert row.actor == "user:admin@example.com" and NUMBER not in json.dumps(row.details)


def test_the_finder_reads_national_numbers_in_the_first_allowed_country(app, client, offering):
    leave(client, offering.id, NUMBER)
    with app.app_context():
        assert len(find(get_db(), Subject(phone="030 12345678"), ["DE"]).callbacks) == 1
        with pytest.raises(SubjectError):
            find(get_db(), Subject(phone="030 12345678"))
