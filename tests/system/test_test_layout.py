"""The tests' own floor plan: conftest files hold fixtures that no test imports, and every
product module has a test file of its own or an entry below naming the tests that cover it.

`callgate/<pkg>/<mod>.py` is tested by `tests/<pkg>/test_<mod>.py` or `tests/<pkg>/test_<mod>_*.py`
(`callgate/<mod>.py` by `tests/test_<mod>.py`); shared steps of a package's tests live in
`tests/<pkg>/helpers.py` (or another plain module), which the tests and conftest files import.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
PACKAGE = ROOT / "callgate"
#: Product files that are not modules to test one by one: migration scripts.
NOT_MODULES = ("migrations/versions/*",)

#: Product modules (paths under callgate/; a pattern stands for a family) without a test file of
#: their own: the test files that exercise them, and why the tests are there.
COVERED_ELSEWHERE: dict[str, tuple[tuple[str, ...], str]] = {
    "__main__.py": (
        ("tests/system/test_package.py", "tests/bin/test_help.py"),
        "the `callgate` command: --version and serve from a wheel, every group in its usage",
    ),
    "alerts/kinds.py": (
        ("tests/alerts/test_queue.py",),
        "the event each alert comes from, beside the queue that reads it",
    ),
    "alerts/send.py": (
        ("tests/alerts/test_deliver.py",),
        "e-mail over STARTTLS to a real SMTP server, chat POSTs to a local receiver",
    ),
    "alerts/texts.py": (
        ("tests/alerts/test_render.py",),
        "both languages' texts and the links, as the messages say them",
    ),
    "outbound/backoff.py": (
        ("tests/webhooks/test_outbox.py", "tests/alerts/test_deliver.py"),
        "the waits between tries and the giving up, of webhooks and of alerts",
    ),
    "outbound/post.py": (
        ("tests/webhooks/test_send.py", "tests/alerts/test_deliver.py"),
        "the pinned POST of a signed webhook and of a chat alert",
    ),
    "calltokens/overflow_keys.py": (
        ("tests/calltokens/test_signed_ids.py", "tests/routes/test_overflow.py"),
        "overflow keys beside the signed jti keys they are made with, and in the overflow's use",
    ),
    "accounts/changes.py": (
        ("tests/accounts/test_roles.py", "tests/accounts/test_links.py"),
        "the account changes' audit rows, checked where the changes are made",
    ),
    "accounts/voids.py": (
        ("tests/accounts/test_links.py", "tests/accounts/test_roles.py"),
        "one-time links voided by a newer link, a password change, their author gone",
    ),
    "accounts/workspaces.py": (
        ("tests/accounts/test_users.py", "tests/console/test_access.py"),
        "users and roles in workspaces; who sees and changes what in the console",
    ),
    "api/base.py": (
        ("tests/api/test_access.py",),
        "the management API's frame: Bearer keys, scopes, workspaces, expiry, limits",
    ),
    "api/callbacks.py": (
        ("tests/api/test_calls_callbacks.py",),
        "callback requests over the management API",
    ),
    "api/errors.py": (
        ("tests/api/test_access.py", "tests/api/test_buttons.py"),
        "the {error, message, details} shape of every refusal",
    ),
    "api/idempotent.py": (
        ("tests/api/test_buttons.py",),
        "POST /buttons with an Idempotency-Key, replayed and refused",
    ),
    "api/webhooks.py": (
        ("tests/webhooks/test_api.py", "tests/webhooks/test_flow.py"),
        "webhook endpoints over the management API",
    ),
    "apikeys/idempotency.py": (
        ("tests/api/test_buttons.py",),
        "the stored answers behind Idempotency-Key (api/idempotent.py)",
    ),
    "apikeys/spec.py": (
        ("tests/api/test_openapi.py", "tests/api/test_schemathesis.py"),
        "the OpenAPI document: every route, valid 3.1, answers as described",
    ),
    "apikeys/spec_parts.py": (
        ("tests/api/test_openapi.py", "tests/api/test_schemathesis.py"),
        "the operations' answers and error texts of the OpenAPI document, as the app gives them",
    ),
    "apikeys/spec_schemas.py": (
        ("tests/api/test_openapi.py", "tests/api/test_schemathesis.py"),
        "the schemas of the OpenAPI document, checked against the real answers",
    ),
    "apikeys/use.py": (
        ("tests/apikeys/test_keys.py", "tests/api/test_access.py"),
        "a key found by its text, refused when not good now, its last use noted",
    ),
    "app.py": (
        ("tests/system/test_config.py", "tests/system/test_headers.py"),
        "create_app: the settings it reads, the headers and error pages it adds",
    ),
    "buttons/changes.py": (
        ("tests/audit/test_changes.py", "tests/buttons/test_fields.py"),
        "the before/after snapshot of a button the audit trail compares",
    ),
    "buttons/checks.py": (
        ("tests/buttons/test_validate.py", "tests/cli/test_cmd_button.py"),
        "origins, gateway, SIP and limit fields checked and refused",
    ),
    "buttons/field_row.py": (
        ("tests/buttons/test_fields.py",),
        "the rows of the button field table",
    ),
    "buttons/looks.py": (
        ("tests/console/test_field_errors.py", "tests/cli/test_cmd_button.py"),
        "position, language, colours, texts and consent notice checked",
    ),
    "buttons/parsing.py": (
        ("tests/console/test_button_form.py", "tests/cli/test_cmd_button.py"),
        "fields as people type them: textarea line breaks, hours, the password prompt",
    ),
    "buttons/text_rules.py": (
        ("tests/buttons/test_store.py", "tests/console/test_field_errors.py"),
        "the error kind, length and characters every text field shares",
    ),
    "buttons/texts.py": (
        ("tests/widget/test_assets.py", "tests/calls/test_refusal_kinds.py"),
        "the built-in texts in the public config, the refusal wording",
    ),
    "calls/figures_sql.py": (
        ("tests/calls/test_overview_figures.py", "tests/calls/test_stats.py"),
        "the database's figures equal the row-by-row computation",
    ),
    "calls/history.py": (
        ("tests/cli/test_cmd_calls.py", "tests/calls/test_ended_by.py"),
        "the call log as `flask calls list` reads it",
    ),
    "calls/listing.py": (
        ("tests/api/test_calls_callbacks.py",),
        "calls over the management API: cursor pages, one call's story",
    ),
    "calls/overview_counts.py": (
        ("tests/calls/test_overview_figures.py", "tests/calls/test_rollup.py"),
        "the overview counted live and from its rollup, compared with the old computation",
    ),
    "calls/rollup_build.py": (
        ("tests/calls/test_overview_figures.py", "tests/calls/test_rollup.py"),
        "what a rollup counts: settled calls only, the rest pending, the same sums as live",
    ),
    "calls/rollup_read.py": (
        ("tests/calls/test_overview_figures.py", "tests/calls/test_rollup.py"),
        "the overview read from its rollup counts what the live overview counts",
    ),
    "calls/talk.py": (
        ("tests/calls/test_events.py", "tests/guardrails/test_day_counter.py"),
        "call times and talk time, from status events and the watchdog, and their budget counter",
    ),
    "calls/refusal_figures.py": (
        ("tests/calls/test_stats.py", "tests/calls/test_overview_figures.py"),
        "refused attempts per day and category in the overview's figures",
    ),
    "cli/button_options.py": (
        ("tests/cli/test_cmd_button.py", "tests/buttons/test_fields.py"),
        "`flask button create|update` options, derived from the field table",
    ),
    "cli/cmd_apikeys.py": (
        ("tests/apikeys/test_cmd_apikeys.py",),
        "`flask apikeys create|list|revoke`, tested beside the keys",
    ),
    "cli/cmd_killswitch.py": (
        ("tests/guardrails/test_killswitch.py",),
        "`flask killswitch`, tested with the switch itself",
    ),
    "cli/cmd_routes.py": (
        ("tests/routes/test_cli.py", "tests/routes/test_identity.py"),
        "`flask button route …`, `context` and `identity-secret`, tested with the routes",
    ),
    "cli/cmd_secrets.py": (
        ("tests/vault/test_stored.py",),
        "`flask secrets rotate`, tested with the stored secrets",
    ),
    "cli/cmd_visitors.py": (
        ("tests/retention/test_erasure.py", "tests/retention/test_erasure_customer.py"),
        "`callgate visitors erase`, tested with the erasure",
    ),
    "config/instance.py": (
        ("tests/config/test_server.py", "tests/system/test_config.py"),
        "the instance folder: the checkout's by default, one per instance",
    ),
    "console/base.py": (
        ("tests/console/test_access.py", "tests/console/test_login.py"),
        "strict headers, the console's 404, CSRF on POST, the logged-in user",
    ),
    "console/call_context.py": (
        ("tests/console/test_routes_page.py",),
        "what the phone system got with a call, on the call's page",
    ),
    "console/changes.py": (
        ("tests/console/test_audit.py",),
        "audit rows as the audit page shows them",
    ),
    "console/error_texts.py": (
        ("tests/console/test_field_errors.py",),
        "the editor's wording of each error code",
    ),
    "console/overview.py": (
        ("tests/console/test_calls.py", "tests/console/test_scale_queries.py"),
        "the overview page's figures, and its queries on a seeded data set",
    ),
    "console/reason_texts.py": (
        ("tests/console/test_reasons.py", "tests/console/test_reasons_written.py"),
        "the table of reason texts, said for each code in both languages",
    ),
    "console/sessions.py": (
        ("tests/console/test_login.py", "tests/console/test_keys.py"),
        "session versions, lifetimes and the console's own signing key",
    ),
    "console/state.py": (
        ("tests/console/test_buttons.py", "tests/console/test_killswitch.py"),
        "a button's state and budget in the list, the switches",
    ),
    "console/texts_ru*.py": (
        ("tests/console/test_i18n.py",),
        "Russian translations: every console text has one",
    ),
    "db/accounts.py": (
        ("tests/system/test_migrations.py", "tests/db/test_fit.py"),
        "tables: the migrations match the models, values fit their columns",
    ),
    "db/rollups.py": (
        ("tests/calls/test_rollup.py",),
        "the rollup's tables, and forgetting it when a button goes or rows are swept",
    ),
    "db/alerts.py": (
        ("tests/alerts/test_channels.py", "tests/alerts/test_deliver.py"),
        "the alert tables, through the channels and the outbox that write them",
    ),
    "db/backups.py": (
        ("tests/cli/test_cmd_db.py",),
        "`callgate db backup|restore` on SQLite",
    ),
    "db/integrations.py": (
        ("tests/system/test_migrations.py", "tests/db/test_fit.py"),
        "tables: the migrations match the models, values fit their columns",
    ),
    "db/leases.py": (
        ("tests/calls/test_lease.py", "tests/system/test_migrations.py"),
        "the lease table, through calls/lease.py",
    ),
    "db/migrate.py": (
        ("tests/system/test_migrations.py", "tests/system/test_upgrades.py"),
        "`flask db`, upgrades from the first schema, a missing schema",
    ),
    "db/models.py": (
        ("tests/system/test_migrations.py", "tests/db/test_fit.py"),
        "tables: the migrations match the models, values fit their columns",
    ),
    "db/pg_backups.py": (
        ("tests/cli/test_cmd_db.py",),
        "`callgate db backup|restore` on PostgreSQL (pg_dump, pg_restore)",
    ),
    "db/routes.py": (
        ("tests/system/test_migrations.py", "tests/db/test_fit.py"),
        "tables: the migrations match the models, values fit their columns",
    ),
    "db/scoping.py": (
        ("tests/console/test_callbacks.py", "tests/console/test_access.py"),
        "rows scoped to workspaces: members see only their workspaces' rows",
    ),
    "db/statements.py": (
        ("tests/calls/test_events.py", "tests/system/test_concurrency.py"),
        "insert-if-new under retries and races, the same on both databases",
    ),
    "db/timeouts.py": (
        ("tests/db/test_statement_timeout.py",),
        "a session's statement time limit",
    ),
    "db/visitors.py": (
        ("tests/system/test_migrations.py", "tests/db/test_fit.py"),
        "tables: the migrations match the models, values fit their columns",
    ),
    "guardrails/gate.py": (
        ("tests/widget/test_closed.py", "tests/guardrails/test_killswitch.py"),
        "the checks before a token, a connect and a call",
    ),
    "hooks/answers.py": (
        ("tests/hooks/test_connect.py", "tests/hooks/test_call.py"),
        "the hooks' answers: the request echoed with our values forced",
    ),
    "hooks/auditing.py": (
        ("tests/audit/test_trail.py", "tests/audit/test_repeated.py"),
        "the hooks' audit rows, and repeated refusals counted",
    ),
    "hooks/metrics.py": (
        ("tests/ops/test_routes.py",),
        "hook answers counted by method and status in /metrics",
    ),
    "hooks/refusals.py": (
        ("tests/hooks/test_routes.py", "tests/hooks/test_connect.py"),
        "how the hooks say no: exactly {status, reason}",
    ),
    "migrations/env.py": (
        ("tests/system/test_migrations.py", "tests/system/test_upgrades.py"),
        "Alembic's environment, run by every migration",
    ),
    "ratelimit/api_keys.py": (
        ("tests/api/test_access.py",),
        "a key's requests limited (429 with Retry-After)",
    ),
    "retention/finders.py": (
        ("tests/retention/test_erasure.py", "tests/retention/test_erasure_customer.py"),
        "one person's data found by phone, call id or customer id",
    ),
    "retention/periods.py": (
        ("tests/retention/test_sweep.py", "tests/console/test_privacy.py"),
        "retention periods read from the settings, swept and shown",
    ),
    "retention/wipe.py": (
        ("tests/retention/test_erasure.py", "tests/retention/test_erasure_customer.py"),
        "an erasure's footprint applied to every table",
    ),
    "routes/calls.py": (
        ("tests/routes/test_routes.py", "tests/routes/test_context.py"),
        "`/call` rings the route's callee with the context's fields",
    ),
    "routes/choose.py": (
        ("tests/routes/test_routes.py",),
        "the route a call takes, and the public config's routes",
    ),
    "routes/errors.py": (
        ("tests/routes/test_routes.py", "tests/routes/test_context.py"),
        "the refusals of routes and call context, by code",
    ),
    "routes/fields.py": (
        ("tests/routes/test_cli.py", "tests/console/test_routes_page.py"),
        "a route's fields checked before they are stored",
    ),
    "routes/sip.py": (
        ("tests/routes/test_context.py", "tests/routes/test_identity.py"),
        "the display name and X-Callgate-* headers the PBX gets",
    ),
    "routes/store.py": (
        ("tests/routes/test_routes.py", "tests/routes/test_cli.py"),
        "a button's routes added, changed, removed, listed",
    ),
    "routes/texts.py": (
        ("tests/browser/test_routes.py",),
        "the route picker's texts in both languages, in Chromium",
    ),
    "telemetry/exposition.py": (
        ("tests/ops/test_routes.py", "tests/runtime/test_serve_logging.py"),
        "/metrics in Prometheus' format, added up over the workers",
    ),
    "vault/known.py": (
        ("tests/vault/test_redact.py", "tests/vault/test_redact_cost.py"),
        "known secret values masked in log lines",
    ),
    "visitors/callback_log.py": (
        ("tests/console/test_callbacks.py", "tests/cli/test_cmd_callbacks.py"),
        "callback requests listed a page at a time and marked done",
    ),
    "visitors/callback_pages.py": (
        ("tests/api/test_calls_callbacks.py",),
        "callback requests by cursor over the management API",
    ),
    "webhooks/endpoints.py": (
        ("tests/webhooks/test_api.py", "tests/webhooks/test_outbox.py"),
        "a workspace's webhook endpoints: made, listed, deleted",
    ),
    "webhooks/probe.py": (
        ("tests/console/test_webhooks.py", "tests/webhooks/test_api.py"),
        "a webhook.test event sent at once, from the console and over the API, audited",
    ),
    "webhooks/signing.py": (
        ("tests/webhooks/test_send.py",),
        "signatures verified with the standardwebhooks package",
    ),
    "widget/consent.py": (
        ("tests/visitors/test_consent.py",),
        "the notice accepted in the token request's body",
    ),
    "widget/cors.py": (
        ("tests/widget/test_routes.py", "tests/widget/test_assets.py"),
        "CORS answers of the widget API",
    ),
    "widget/refusals.py": (
        ("tests/widget/test_refusal_codes.py", "tests/widget/test_routes.py"),
        "how the widget API says no: {error, message}, by code",
    ),
    "widget/requests.py": (
        ("tests/widget/test_refusal_codes.py", "tests/system/test_trusted_proxies.py"),
        "the origin a request names, and the client's address",
    ),
    "widget/token_body.py": (
        ("tests/routes/test_context.py", "tests/visitors/test_consent.py"),
        "what a token request's body carries: notice, route, name, page",
    ),
}


def conftest_imports(tree: ast.AST) -> list[str]:
    """Return each import in `tree` that takes something from a conftest module."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if "conftest" in a.name.split(".")]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if "conftest" in (node.module or "").split("."):
                found.append(module)
            joined = f"{module}." if node.module else module
            found += [joined + a.name for a in node.names if a.name == "conftest"]
    return found


def sources_under_tests() -> list[Path]:
    """Return every Python file under tests/, conftest files included."""
    return sorted(TESTS.rglob("*.py"))


def test_no_test_module_imports_from_a_conftest():
    found = {
        path.relative_to(ROOT).as_posix(): imported
        for path in sources_under_tests()
        if (imported := conftest_imports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}, "move what they import into the package's helpers.py"


@pytest.mark.parametrize(
    "source",
    [
        "from tests.console.conftest import post",
        "from tests.conftest import ROOT",
        "from .conftest import run",
        "from . import conftest",
        "from tests.console import conftest",
        "import tests.dev.gateway.conftest",
        "import tests.conftest as shared",
        "def f():\n    from tests.browser.conftest import FLAGS",
    ],
)
def test_the_conftest_checker_catches_each_form(source):
    assert len(conftest_imports(ast.parse(source))) == 1


@pytest.mark.parametrize(
    "source",
    [
        "from tests.console.helpers import post",
        "import tests.conftests_notes",
        "from tests.data import BUTTON",
        "import pytest",
    ],
)
def test_the_conftest_checker_lets_helpers_through(source):
    assert conftest_imports(ast.parse(source)) == []


def product_modules() -> list[str]:
    """Return every product module as its path under callgate/ (no __init__.py, no migration)."""
    paths = (p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))
    return sorted(
        p
        for p in paths
        if not p.endswith("__init__.py") and not any(fnmatch(p, n) for n in NOT_MODULES)
    )


def own_tests(module: str) -> list[Path]:
    """Return the test files of `module` (a path under callgate/) by the naming rule."""
    folder, stem = (TESTS / module).parent, Path(module).stem
    return sorted([*folder.glob(f"test_{stem}.py"), *folder.glob(f"test_{stem}_*.py")])


def listed(module: str) -> str | None:
    """Return the COVERED_ELSEWHERE entry that names `module`, if one does."""
    return next((entry for entry in COVERED_ELSEWHERE if fnmatch(module, entry)), None)


def test_every_product_module_has_tests():
    untested = [m for m in product_modules() if not own_tests(m) and listed(m) is None]
    assert untested == [], (
        "write tests/<pkg>/test_<mod>.py, or name the tests that cover it in COVERED_ELSEWHERE"
    )


def is_test_file(name: str) -> bool:
    """Tell whether `name` (relative to the checkout) is an existing test module."""
    return (
        name.startswith("tests/")
        and Path(name).name.startswith("test_")
        and (ROOT / name).is_file()
    )


def test_every_entry_names_existing_test_files_and_says_why():
    wrong = []
    for entry, (files, why) in COVERED_ELSEWHERE.items():
        if not files or not why.strip():
            wrong.append(f"{entry}: no test file or no reason")
        wrong += [f"{entry}: {name} is no test file" for name in files if not is_test_file(name)]
    assert wrong == []


def test_every_entry_names_an_existing_module():
    modules = product_modules()
    gone = [e for e in COVERED_ELSEWHERE if not any(fnmatch(m, e) for m in modules)]
    assert gone == [], "remove the entries of modules that no longer exist"


def test_no_entry_names_a_module_with_tests_of_its_own():
    redundant = [m for m in product_modules() if own_tests(m) and listed(m) is not None]
    assert redundant == [], "their own test files cover them now: narrow or remove the entries"
