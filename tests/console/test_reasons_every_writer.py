"""Every audit writer says its reason by a code, which the console says in English and Russian.

The writers are found in the source: every function of the product that calls the trail's
writing functions, `record_change` or an account `note`. Each is listed in WRITERS with a
driver that makes it write and the action and code its row must then have; a writer the list
lacks fails the first test. The drivers run the real code on a real database, and every row
they leave must say its reason by a code the console's table knows (only an allowed hook has
no reason), read in Russian without English words, and, for the kinds revision 0029
backfills, be read from its English words by that migration as the product codes it now.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pyotp
import pytest
from sqlalchemy import select

from callgate.accounts import invitations, links, roles, totp, users
from callgate.accounts.login import LoginFailed, authenticate, second_factor, succeeded
from callgate.accounts.throttle import LoginThrottled
from callgate.alerts import channels
from callgate.apikeys import keys
from callgate.buttons.store import create_button, delete_button, update_button
from callgate.calls.lease import Lease
from callgate.calls.watchdog import OpenCall, end_call
from callgate.calls.wcs_api import WcsApi
from callgate.cli.cmd_watchdog import leads
from callgate.console import reason_texts, reasons
from callgate.db import get_db
from callgate.db.integrations import WebhookEndpoint, WebhookMessage
from callgate.db.models import AuditEvent, utcnow
from callgate.db.visitors import CallbackRequest
from callgate.guardrails.killswitch import switch
from callgate.ratelimit.login import EXTENSION, Attempt
from callgate.retention.erasure import Subject, erase
from callgate.routes import identity
from callgate.vault.stored import vault_of
from callgate.visitors.callback_log import mark
from callgate.webhooks import deliveries, endpoints, probe
from tests.console.helpers import PASSWORD
from tests.console.test_reasons import ENGLISH
from tests.data import BUTTON, ORIGIN
from tests.wcs import session_id
from tests.webhooks.helpers import LOOPBACK, endpoint_with

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = ROOT / "callgate/migrations/versions/0029_change_codes.py"
#: The functions that write audit rows, by the module that defines them.
WRITING = {
    "callgate.audit.trail": {"add", "record", "record_repeated"},
    "callgate.audit.repeated": {"record_repeated", "record_times"},
    "callgate.audit.changes": {"record_change"},
    "callgate.accounts.changes": {"note"},
}
NOW = datetime(2026, 12, 1, 9, 0, 15, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CLI = "cli"

#: Each writer: the driver that makes it write, and the action and code of a row it writes
#: (None: a row without a reason).
WRITERS: dict[str, tuple[str, str, str | None]] = {
    "callgate.accounts.changes.note": ("accounts", "account", "user_created"),
    "callgate.accounts.users.create": ("accounts", "account", "user_created"),
    "callgate.accounts.users.set_disabled": ("accounts", "account", "user_disabled"),
    "callgate.accounts.users.set_password": ("accounts", "account", "password_changed"),
    "callgate.accounts.roles.change_role": ("accounts", "account", "role_changed"),
    "callgate.accounts.totp.enable": ("accounts", "account", "second_factor_on"),
    "callgate.accounts.totp.disable": ("accounts", "account", "second_factor_removed"),
    "callgate.accounts.invitations._store": ("accounts", "account", "invitation_issued"),
    "callgate.accounts.links.revoke": ("accounts", "account", "password_link_revoked"),
    "callgate.accounts.login.succeeded": ("logins", "login", "login"),
    "callgate.accounts.login._refused": ("logins", "login", "login_wrong_code"),
    "callgate.accounts.login.refused_repeatedly": ("logins", "login", "login_throttled"),
    "callgate.api.base.audit": ("api", "api", "api_request"),
    "callgate.apikeys.keys.create_key": ("api", "apikey.create", "apikey_created"),
    "callgate.apikeys.keys.revoke": ("api", "apikey.revoke", "apikey_revoked"),
    "callgate.audit.changes.record_change": ("buttons", "button.update", "button_changed"),
    "callgate.buttons.store.create_button": ("buttons", "button.create", "button_created"),
    "callgate.buttons.store.update_button": ("buttons", "button.update", "button_changed"),
    "callgate.buttons.store.delete_button": ("buttons", "button.delete", "button_deleted"),
    "callgate.routes.identity.identity_secret": (
        "buttons",
        "button.identity",
        "identity_secret_rotated",
    ),
    "callgate.guardrails.killswitch._audit": ("buttons", "killswitch", "kill_switch_global"),
    "callgate.calls.watchdog.end_call": ("calls", "watchdog", "max_duration"),
    "callgate.cli.cmd_watchdog.leads": ("calls", "watchdog", "watchdog_lease"),
    "callgate.hooks.auditing.audit": ("calls", "connect", "token_invalid"),
    "callgate.hooks.auditing.audit_allowed": ("calls", "call", None),
    "callgate.hooks.auditing.count_refusal": ("calls", "connect", "signature_missing"),
    # Refusals a flood repeats, counted in memory (hooks' and the widget's alike).
    "callgate.audit.tally.write_counted": ("visitors", "token", "rate_limited"),
    "callgate.retention.erasure.erase": ("calls", "erasure", "erased"),
    "callgate.widget.requests.audit": ("visitors", "token", "page_origin"),
    "callgate.visitors.callback_log.mark": ("visitors", "callback", "callback_marked"),
    "callgate.alerts.channels.add_channel": ("webhooks", "alert.create", "alert_channel_added"),
    "callgate.alerts.channels.remove": ("webhooks", "alert.delete", "alert_channel_removed"),
    "callgate.webhooks.deliveries.resend": ("webhooks", "webhook.resend", "webhook_resent"),
    "callgate.webhooks.endpoints.delete": ("webhooks", "webhook.delete", "webhook_deleted"),
    "callgate.webhooks.endpoints.share_phone_numbers": (
        "webhooks",
        "webhook.update",
        "webhook_phones_masked",
    ),
    "callgate.webhooks.probe.send_test": (
        "webhooks",
        "webhook.test",
        "webhook_tested_unanswered",
    ),
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def writing_names(tree: ast.AST) -> tuple[set[str], dict[str, str]]:
    """Return the names a module calls the writing functions by, and the writing modules'
    names it imports (`from callgate.audit import trail`)."""
    functions, modules = set(), {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        for alias in node.names:
            if alias.name in WRITING.get(node.module, set()):
                functions.add(alias.asname or alias.name)
            if f"{node.module}.{alias.name}" in WRITING:
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return functions, modules


def writes(call: ast.Call, functions: set[str], modules: dict[str, str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in functions
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr in WRITING.get(modules.get(func.value.id, ""), set())
    return False


def writers() -> set[str]:
    """Return every product function that writes audit rows (module.function)."""
    found = set()
    for path in sorted((ROOT / "callgate").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions, modules = writing_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(call, ast.Call) and writes(call, functions, modules)
                for call in ast.walk(node)
            ):
                found.add(f"{module_name(path)}.{node.name}")
    return found


def test_every_writer_is_driven():
    assert sorted(writers() - set(WRITERS)) == [], "add each new writer to WRITERS"
    assert sorted(set(WRITERS) - writers()) == [], "remove the writers that are gone"


def test_the_scan_finds_writers_by_any_name():
    tree = ast.parse(
        "from callgate.audit import trail\nfrom callgate.accounts.changes import note as n\n"
        "def a(db):\n    trail.record(db, 'x', 'done')\n"
        "def b(db):\n    n(db, None, 'r', 'c', 'e')\n"
        "def c(db):\n    db.add(1)\n    record(db)\n"
    )
    functions, modules = writing_names(tree)
    found = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(c, ast.Call) and writes(c, functions, modules) for c in ast.walk(node))
    }
    assert found == {"a", "b"}


def drive_accounts(s: SimpleNamespace) -> None:
    with s.app.app_context():
        db = get_db()
        ann = users.create(db, "ann@example.com", "editor", PASSWORD, actor=CLI)
        users.set_disabled(db, ann, True, actor=CLI)
        users.set_disabled(db, ann, False, actor=CLI)
        users.set_password(db, ann, "another good passphrase", actor=CLI)
        roles.change_role(db, ann, "viewer", 1, actor=CLI)
        assert totp.enable(db, ann, SECRET, pyotp.TOTP(SECRET).at(NOW), NOW)
        totp.disable(db, ann, actor=CLI)
        invitations.invite(db, "bob@example.com", "viewer", 1, None, NOW)
        invitations.reset(db, ann, None, NOW)
        [link] = [link for link in links.pending(db, NOW) if link.kind == "reset"]
        links.revoke(db, link.id, CLI, NOW)


def drive_logins(s: SimpleNamespace) -> None:
    with s.app.app_context():
        db, limiter = get_db(), s.app.extensions[EXTENSION]
        ann = users.create(db, "ann@example.com", "editor", PASSWORD)
        totp.enable(db, ann, SECRET, pyotp.TOTP(SECRET).at(NOW), NOW)
        succeeded(db, ann, "192.0.2.1", NOW)
        with pytest.raises(LoginFailed):
            second_factor(db, limiter, ann, "000000", "192.0.2.1", NOW)
        attempt = Attempt("192.0.2.1", "ann@example.com")
        for _ in range(5):
            with pytest.raises(LoginFailed):
                authenticate(db, limiter, attempt, "wrong")
        with pytest.raises(LoginThrottled):
            authenticate(db, limiter, attempt, "wrong")


def drive_api(s: SimpleNamespace) -> None:
    with s.app.app_context():
        row, text = keys.create_key(get_db(), 1, "sync", ["buttons:read"], keys.Creator(CLI))
        key_id = row.id
    headers = {"Authorization": f"Bearer {text}"}
    assert s.client.get("/api/v1/manage/buttons", headers=headers).status_code == 200
    assert s.client.get("/api/v1/manage/buttons").status_code == 401
    with s.app.app_context():
        keys.revoke(get_db(), keys.get_key(get_db(), key_id), CLI)


def drive_buttons(s: SimpleNamespace) -> None:
    with s.app.app_context():
        db = get_db()
        made = create_button(db, BUTTON | {"name": "Desk"}, actor=CLI)
        update_button(db, made.id, {"callee": "7002"}, actor=CLI)
        identity.identity_secret(db, vault_of(db), made.id, actor=CLI)
        identity.identity_secret(db, vault_of(db), made.id, rotate=True, actor=CLI)
        switch(db, True, actor=CLI)
        switch(db, False, made.id, actor=CLI)
        switch(db, False)
        delete_button(db, made.id, actor=CLI)


def drive_calls(s: SimpleNamespace) -> None:
    call = s.start_call(s.button.id)[1]
    s.wcs.post("connect", s.wcs.connect_body("x", ORIGIN, session_id()), signed=False)
    s.wcs.post("connect", s.wcs.connect_body("not-a-token", ORIGIN, session_id()))
    with s.app.app_context():
        db = get_db()
        leads(db, Lease("watchdog", 15, "host-1:4242"), NOW)
        now = utcnow()
        over = OpenCall(call["callId"], s.button.id, now, 60)
        assert end_call(db, WcsApi(s.wcs_rest.url), over, now).result == "ended"
        erase(db, Subject(call_id=call["callId"]), CLI)


def drive_visitors(s: SimpleNamespace) -> None:
    with s.app.app_context():
        update_button(get_db(), s.button.id, {"callback": True})
    asked = s.client.post(
        f"/api/v1/buttons/{s.button.id}/callbacks",
        json={"phone": "+49 30 901820"},
        headers={"Origin": ORIGIN},
    )
    assert asked.status_code == 201, asked.get_json()
    with s.app.app_context():
        mark(get_db(), get_db().scalar(select(CallbackRequest.id)), "done", "admin@example.com")
    token = f"/api/v1/buttons/{s.button.id}/token"
    for origin in (ORIGIN, "https://evil.example", ORIGIN, ORIGIN):  # the fourth: over a limit
        s.client.post(token, headers={"Origin": origin})


def drive_webhooks(s: SimpleNamespace) -> None:
    with s.app.app_context():
        db = get_db()
        # Nothing listens on the discard port: the test event gets no answer.
        made, _ = endpoint_with(db, "http://127.0.0.1:9/in", [("callback.requested", NOW)])
        endpoint = db.get(WebhookEndpoint, made)
        probe.send_test(db, endpoint, LOOPBACK, CLI)
        message = db.scalar(select(WebhookMessage))
        message.status = "failing"
        db.commit()
        deliveries.resend(db, message, CLI, NOW)
        endpoints.share_phone_numbers(db, endpoint, True, CLI)
        endpoints.share_phone_numbers(db, endpoint, False, CLI)
        endpoints.delete(db, endpoint, CLI)
        fields = {"kind": "telegram", "botToken": "123456:" + "A" * 30, "chatId": "-100"}
        made = channels.add_channel(
            db, 1, fields | {"alerts": ["budget"]}, (CLI, None, "en"), ([], True)
        )
        channels.remove(db, made.id, [1], CLI)


DRIVERS = {
    "accounts": drive_accounts,
    "logins": drive_logins,
    "api": drive_api,
    "buttons": drive_buttons,
    "calls": drive_calls,
    "visitors": drive_visitors,
    "webhooks": drive_webhooks,
}


def backfill():
    spec = importlib.util.spec_from_file_location("change_codes", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def say(app, language: str, event: AuditEvent) -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        return reasons.say("reworded", event.details)


def check(app, event: AuditEvent, migration) -> None:
    """Assert the row says its reason by a known code, in both languages."""
    if event.reason is None:
        assert (event.action, event.outcome) in {("connect", "allowed"), ("call", "allowed")}
        return
    code, values = event.details["say"]["code"], event.details["say"]["params"]
    assert code in reason_texts.TEXTS, (event.action, event.reason)
    words = {n: reason_texts.WORDS.get(n, {}).get(v, v) for n, v in values.items()}
    assert say(app, "en", event) == reason_texts.TEXTS[code] % words
    russian = say(app, "ru", event)
    assert re.search("[а-яё]", russian) and ENGLISH.findall(russian) == [], russian
    if event.action in migration.ACTIONS:
        old = {k: v for k, v in event.details.items() if k != "say"}
        assert migration.say_of(event.action, event.reason, old) == event.details["say"]


@pytest.mark.parametrize("driver", sorted(DRIVERS))
def test_each_writer_says_its_reason_by_code(
    app, client, button, wcs, wcs_rest, start_call, driver
):
    stage = SimpleNamespace(
        app=app, client=client, button=button, wcs=wcs, wcs_rest=wcs_rest, start_call=start_call
    )
    DRIVERS[driver](stage)
    with app.app_context():
        events = list(get_db().scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert events, driver
    migration = backfill()
    for event in events:
        check(app, event, migration)
    written = {(e.action, e.details["say"]["code"] if e.reason else None) for e in events}
    expected = {(action, code) for name, action, code in WRITERS.values() if name == driver}
    assert expected <= written, sorted(written)
