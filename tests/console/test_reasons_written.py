"""The rows the product writes keep their reason's code and values, which the console says."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from callgate.buttons.store import update_button
from callgate.console import reason_texts, reasons
from callgate.console.reason_texts import TEXTS
from callgate.db import get_db
from callgate.db.models import AuditEvent
from callgate.db.visitors import CallbackRequest
from callgate.guardrails.killswitch import switch
from tests.console.helpers import log_in, post
from tests.console.test_audit import rows
from tests.data import ORIGIN
from tests.wcs import session_id


def test_a_hostile_value_is_escaped_on_the_audit_page(app, as_admin):
    log_in(app.test_client(), "<b>%(x)s</b>@example.com", "wrong")
    html = as_admin.get("/console/audit?action=login&outcome=refused").get_data(as_text=True)
    assert "&lt;b&gt;%(x)s&lt;/b&gt;@example.com" in html and "<b>%(x)s" not in html
    assert "wrong password: <b>%(x)s</b>@example.com" in unescape(rows(html)[0])


def test_the_rows_the_product_writes_say_their_code(app, client, button, wcs):
    token = f"/api/v1/buttons/{button.id}/token"
    client.post(token, headers={"Origin": ORIGIN})
    client.post(token, headers={"Origin": "https://evil.example"})
    client.post(token)
    client.post(token, headers={"Origin": ORIGIN})  # a fourth in a minute: over the limit
    elsewhere = {"REMOTE_ADDR": "198.51.100.7"}
    client.post("/api/v1/buttons/nope/token", headers={"Origin": ORIGIN}, environ_base=elsewhere)
    with app.app_context():
        switch(get_db(), True, button.id)
    elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
    client.post(token, headers={"Origin": ORIGIN}, environ_base=elsewhere)
    wcs.post("connect", wcs.connect_body("x", ORIGIN, session_id()), signed=False)
    wcs.post("call", b"{")
    with app.app_context():
        events = list(get_db().scalars(select(AuditEvent).where(AuditEvent.reason.is_not(None))))
    codes = {event.details["say"]["code"] for event in events}
    assert codes >= {"page_origin", "origin_not_listed", "origin_invalid", "no_button"}
    assert codes >= {"rate_limited", "kill_switch_button", "kill_switch"}
    assert codes >= {"signature_missing", "body_not_json"}
    for event in events:
        code, values = event.details["say"]["code"], event.details["say"]["params"]
        words = {name: reason_texts.WORDS.get(name, {}).get(v, v) for name, v in values.items()}
        with app.test_request_context(headers={"Accept-Language": "en"}):
            assert reasons.say("reworded", event.details) == TEXTS[code] % words


def test_a_callback_request_and_its_marking_read_in_russian(app, client, as_admin, button):
    with app.app_context():
        update_button(get_db(), button.id, {"callback": True})
    asked = client.post(
        f"/api/v1/buttons/{button.id}/callbacks",
        json={"phone": "+49 30 901820"},
        headers={"Origin": ORIGIN},
    )
    assert asked.status_code == 201, asked.get_json()
    with app.app_context():
        [request_id] = get_db().scalars(select(CallbackRequest.id))
    post(as_admin, f"/console/callbacks/{request_id}", {"done": "1"}, form="/console/callbacks")
    as_admin.set_cookie("callgate_console_lang", "ru")
    said = rows(as_admin.get("/console/audit?action=callback").get_data(as_text=True))
    assert f"просьба перезвонить {request_id} отмечена «перезвонили», кто: admin@" in said[0]
    assert f"просьба перезвонить {request_id} с {ORIGIN}" in said[1]


def test_a_refused_hook_reads_in_russian_from_its_code(as_admin, wcs):
    wcs.post("connect", wcs.connect_body("not-a-token", ORIGIN, session_id()))
    as_admin.set_cookie("callgate_console_lang", "ru")
    [row] = rows(as_admin.get("/console/audit?action=connect").get_data(as_text=True))
    assert "токен звонка" in row and "call token" not in row
