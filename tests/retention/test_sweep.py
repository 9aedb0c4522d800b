"""The retention sweep: rows older than their kind's period go, newer ones stay; a large table
goes in batches, each committed; only the holder of the watchdog lease sweeps, and counts it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, insert, select

from callgate.addresses import parse_networks
from callgate.calls.lease import Lease
from callgate.db import get_db
from callgate.db.integrations import WebhookMessage
from callgate.db.models import AuditEvent, Call, CallEvent, WcsSession
from callgate.db.visitors import CallbackRequest, CallExtras
from callgate.errors import ConfigError
from callgate.retention.periods import DEFAULTS, Periods, from_config
from callgate.retention.sweep import sweep
from callgate.telemetry import metrics
from callgate.webhooks import endpoints

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
MODELS = {
    "callbacks": [CallbackRequest, WebhookMessage],
    "calls": [Call, WcsSession, CallEvent],
    "reports": [CallExtras],
    "audit": [AuditEvent],
}


def rows(model, n: int, at: datetime, tag: str) -> list[dict]:
    """`n` rows of `model` dated `at`, with keys marked by `tag`."""
    made = []
    for i in range(n):
        key = f"{tag}-{i}"
        made.append(
            {
                CallbackRequest: {
                    "button_id": "b",
                    "phone": "+493012345678",
                    "origin": "o",
                    "created_at": at,
                },
                Call: {
                    "call_id": key,
                    "session_id": key,
                    "button_id": "b",
                    "callee": "7001",
                    "created_at": at,
                    "finished_at": at,
                },
                WcsSession: {
                    "session_id": key,
                    "jti": key,
                    "button_id": "b",
                    "origin": "o",
                    "opened_at": at,
                    "closed_at": at,
                },
                CallEvent: {
                    "session_id": key,
                    "call_id": key,
                    "method": "m",
                    "status": "s",
                    "at": at,
                },
                CallExtras: {"session_id": key, "button_id": "b", "rating": 3, "reported_at": at},
                AuditEvent: {"action": "token", "outcome": "allowed", "reason": key, "at": at},
                WebhookMessage: {
                    "endpoint_id": 1,
                    "message_id": key,
                    "event_type": "callback.requested",
                    "body": '{"data":{"phone":"+493012345678"}}',
                    "status": "delivered",
                    "attempts": 1,
                    "created_at": at,
                    "next_at": at,
                },
            }[model]
        )
    return made


def add(app, model, n: int, at: datetime, tag: str) -> None:
    with app.app_context():
        db = get_db()
        db.execute(insert(model), rows(model, n, at, tag))
        db.commit()


def counted(app, model) -> int:
    with app.app_context():
        return get_db().scalar(select(func.count()).select_from(model))


def fill(app) -> None:
    """For each kind, 3 rows a day past its period and 2 a day within it."""
    with app.app_context():
        fields = {"url": "http://127.0.0.1:9/in", "events": ["callback.requested"]}
        endpoints.create(get_db(), 1, fields, "cli", parse_networks(["127.0.0.1"]))
    for kind, models in MODELS.items():
        for model in models:
            add(app, model, 3, NOW - timedelta(days=DEFAULTS[kind] + 1), f"{kind}-old")
            add(app, model, 2, NOW - timedelta(days=DEFAULTS[kind] - 1), f"{kind}-new")


def test_older_rows_go_and_newer_ones_stay_for_each_kind(app):
    fill(app)
    with app.app_context():
        swept = sweep(get_db(), app.config["RETENTION"], NOW)
    assert swept.finished
    assert swept.deleted == {"callbacks": 6, "calls": 9, "reports": 3, "audit": 3}
    for models in MODELS.values():
        assert [counted(app, model) for model in models] == [2] * len(models)


def test_a_kind_kept_forever_is_not_swept(make_app):
    app = make_app(RETENTION_DAYS_AUDIT="off", RETENTION_DAYS_CALLBACKS=0)
    fill(app)
    with app.app_context():
        swept = sweep(get_db(), app.config["RETENTION"], NOW)
    assert (swept.deleted["audit"], swept.deleted["callbacks"]) == (0, 0)
    assert (counted(app, AuditEvent), counted(app, CallbackRequest)) == (5, 5)
    assert counted(app, Call) == 2


def test_a_large_table_goes_in_committed_batches(app, sql):
    add(app, AuditEvent, 1250, NOW - timedelta(days=401), "old")
    add(app, AuditEvent, 7, NOW - timedelta(days=1), "new")
    seen = []

    def still_ours() -> bool:
        # Another connection sees each batch committed before the next one starts.
        seen.append(sql("SELECT count(*) FROM audit_events")[0][0])
        return True

    periods = Periods({kind: None for kind in DEFAULTS} | {"audit": 400})
    with app.app_context():
        first = sweep(get_db(), periods, NOW, still_ours, batches=2, size=500)
        rest = sweep(get_db(), periods, NOW, still_ours, batches=40, size=500)
    assert (first.deleted["audit"], first.finished) == (1000, False)
    assert (rest.deleted["audit"], rest.finished) == (250, True)
    assert seen == [1257, 757, 257]
    assert counted(app, AuditEvent) == 7


def test_a_sweep_stops_when_the_lease_is_no_longer_ours(app):
    add(app, AuditEvent, 30, NOW - timedelta(days=401), "old")
    answers = iter([True, False])
    periods = Periods({kind: None for kind in DEFAULTS} | {"audit": 400})
    with app.app_context():
        swept = sweep(get_db(), periods, NOW, lambda: next(answers), size=10)
    assert (swept.deleted["audit"], swept.finished) == (10, False)


def deleted(kind: str) -> float:
    samples = metrics.RETENTION_DELETED.collect()[0].samples
    return next(
        (s.value for s in samples if s.labels == {"kind": kind} and s.name.endswith("_total")), 0.0
    )


def test_only_the_lease_holder_sweeps_and_counts_it(app, make_app, wcs_rest):
    fill(app)
    runner = make_app(WCS_API_URL=wcs_rest.url).test_cli_runner()
    before = deleted("audit")
    with app.app_context():
        Lease("watchdog", 15, "other-host:1:ab").take(get_db(), NOW - timedelta(seconds=1))
    with time_machine.travel(NOW, tick=False):
        standby = runner.invoke(args=["calls", "watchdog", "--once"])
    assert standby.exit_code == 0
    assert [counted(app, m) for m in (CallbackRequest, Call, CallExtras, AuditEvent)] == [5] * 4
    with time_machine.travel(NOW + timedelta(seconds=15), tick=False):
        holder = runner.invoke(args=["calls", "watchdog", "--once"])
    assert holder.exit_code == 0, holder.output
    assert [counted(app, m) for m in (CallbackRequest, Call, CallExtras)] == [2, 2, 2]
    assert counted(app, AuditEvent) == 2 + 1
    # The takeover's own audit row is new: the three old rows are what went.
    assert deleted("audit") == before + 3


@pytest.mark.parametrize("value", ["-1", "ninety", "1.5", "36501", True, [30]])
def test_bad_periods_stop_the_app_with_a_clear_error(make_app, value):
    with pytest.raises(ConfigError, match="CALLGATE_RETENTION_DAYS_CALLS must be a number of days"):
        make_app(RETENTION_DAYS_CALLS=value)


@pytest.mark.parametrize(
    ("value", "days"),
    [("off", None), ("OFF", None), (0, None), ("0", None), (30, 30), ("365", 365)],
)
def test_periods_are_days_or_explicitly_forever(value, days):
    assert from_config({"RETENTION_DAYS_REPORTS": value}).days["reports"] == days


def test_the_defaults_are_safe():
    assert from_config({}).days == {"callbacks": 90, "calls": 180, "reports": 180, "audit": 400}
