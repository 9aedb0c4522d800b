"""`callgate calls watchdog`: of all the watchdogs that run, the holder of the lease acts.

Each round takes or renews the "watchdog" lease (calls/lease.py); SIGTERM or Ctrl-C releases it.
The holder also runs the retention sweep (retention/sweep.py) when one is due, builds the
overview's rollup of the day (calls/rollup.py), and sends the webhooks that are due
(webhooks/outbox.py).
"""

from __future__ import annotations

import logging
import signal
import time
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callgate.addresses import parse_networks
from callgate.alerts import deliver as alerts
from callgate.audit.trail import record, said
from callgate.calls import rollup, watchdog
from callgate.calls.lease import Lease
from callgate.calls.wcs_api import WcsApi
from callgate.cli.output import emit, friendly_errors, json_option
from callgate.db import get_db
from callgate.db.models import utcnow
from callgate.retention.sweep import Sweeper
from callgate.telemetry import metrics
from callgate.webhooks import outbox

log = logging.getLogger(__name__)
LEASE = "watchdog"
#: Rounds a lease lasts unless --lease says otherwise: a holder may miss two before it lapses.
LEASE_ROUNDS = 3


def wcs_api() -> WcsApi:
    """Return the WCS REST API client the configuration describes; fail if it has no URL."""
    config = current_app.config
    if not config["WCS_API_URL"]:
        raise click.ClickException(
            "CALLGATE_WCS_API_URL is not set; point it at WCS's REST API, "
            "e.g. http://wcs-host:8081/rest-api"
        )
    return WcsApi(config["WCS_API_URL"], config["WCS_API_USER"], config["WCS_API_PASSWORD"])


def leads(db: Session, lease: Lease, now: datetime) -> bool:
    """Take or renew `lease` at `now`; count the round, audit a takeover; True if it is ours."""
    taken = lease.take(db, now)
    if taken is None:
        log.debug("watchdog: standing by; another watchdog holds the lease")
        metrics.watchdog_round("standby")
        return False
    if taken == "taken":
        log.info("watchdog: this process (%s) holds the lease and acts", lease.holder)
        reason = f"{lease.holder} took the watchdog lease ({lease.seconds:g}s)"
        record(db, "watchdog", "done", reason, details=said("watchdog_lease", holder=lease.holder))
    metrics.watchdog_round("holder")
    return True


def check_once(
    api: WcsApi, lease: Lease, sweeper: Sweeper | None = None
) -> list[watchdog.Outcome] | None:
    """Run one round in a fresh session; None if another holds the lease, [] on a database error.

    The holder ends overlong calls, sweeps old data if a sweep is due (`sweeper`), builds the
    overview's rollup once a day, then sends the webhooks and the alerts that are due.
    """
    db = get_db()
    try:
        now = utcnow()
        outcomes = watchdog.run_once(db, api, now, lease) if leads(db, lease, now) else None
        if outcomes is not None and sweeper is not None and sweeper.due(now):
            sweeper.run(db, now, lambda: lease.holds(db, utcnow()))
        if outcomes is not None:
            rollup.refresh(db, utcnow())
        if outcomes is not None:
            config = current_app.config
            allowed = parse_networks(config["WEBHOOK_ALLOW_CIDRS"])
            outbox.deliver_due(db, utcnow(), allowed, holding=lambda: lease.holds(db, utcnow()))
            alerts.deliver_due(db, utcnow(), config, allowed, lambda: lease.holds(db, utcnow()))
    except SQLAlchemyError as exc:
        db.rollback()
        log.error("watchdog: database error, retrying next round: %s", type(exc).__name__)
        return []
    finally:
        db.close()
    for outcome in outcomes or []:
        metrics.watchdog_acted(outcome.result)
    return outcomes


def release(lease: Lease) -> None:
    """Give the lease up so another watchdog takes over at once; a database error is logged."""
    db = get_db()
    try:
        lease.release(db)
    except SQLAlchemyError as exc:
        db.rollback()
        log.error("watchdog: lease not released (it will expire): %s", type(exc).__name__)
    finally:
        db.close()


@click.command("watchdog")
@with_appcontext
@click.option("--once", is_flag=True, help="Check once, print what was done and exit.")
@click.option("--interval", type=click.FloatRange(0.5, 3600), default=5.0, show_default=True)
@click.option(
    "--lease",
    "lease_seconds",
    type=click.FloatRange(1, 86400),
    show_default=f"{LEASE_ROUNDS} x interval",
    help="Seconds the lease lasts without renewal.",
)
@json_option
@friendly_errors
def watchdog_command(
    once: bool, interval: float, lease_seconds: float | None, as_json: bool
) -> None:
    """End calls longer than their button's max duration, through WCS's REST API."""
    lease_seconds = lease_seconds or LEASE_ROUNDS * interval
    if lease_seconds <= interval:
        raise click.BadParameter("must be longer than --interval", param_hint="--lease")
    api, lease = wcs_api(), Lease(LEASE, lease_seconds)
    sweeper = Sweeper(current_app.config["RETENTION"])
    try:
        if once:
            _report(check_once(api, lease, sweeper), as_json)
            return
        log.info("watchdog: checking every %ss, WCS REST API at %s", interval, api.url)
        _loop(api, lease, interval, sweeper)
    finally:
        release(lease)


def _loop(api: WcsApi, lease: Lease, interval: float, sweeper: Sweeper) -> None:
    # SIGTERM stops it as Ctrl-C does, so a service manager's stop releases the lease.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            check_once(api, lease, sweeper)
            time.sleep(interval)
    except KeyboardInterrupt:
        log.info("watchdog: stopped")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _report(outcomes: list[watchdog.Outcome] | None, as_json: bool) -> None:
    if outcomes is None:
        emit([], as_json, "Another watchdog holds the lease and acts; this one did nothing.")
        return
    data = [
        {
            "callId": o.call.call_id,
            "buttonId": o.call.button_id,
            "result": o.result,
            "detail": o.detail,
        }
        for o in outcomes
    ]
    lines = [
        f"{d['result']}: call {d['callId']} of button {d['buttonId']}: {d['detail']}" for d in data
    ]
    emit(data, as_json, "\n".join(lines) or "No call is over its limit.")
    if any(o.result == "failed" for o in outcomes):
        raise click.ClickException("some calls could not be ended; see above")


def attach(group: AppGroup) -> None:
    """Add the watchdog to the `calls` group."""
    group.add_command(watchdog_command)
