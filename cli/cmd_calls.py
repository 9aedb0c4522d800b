"""`flask calls list` (the call log) and `flask calls watchdog` (the max-duration watchdog)."""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from buttons import store
from calls import watchdog
from calls.history import list_calls
from calls.wcs_api import WcsApi
from cli.output import emit, friendly_errors, json_option, table
from db import get_db
from db.models import utcnow
from telemetry import metrics

cli = AppGroup("calls", help="Show the call log; end calls that run too long.")
log = logging.getLogger(__name__)


@cli.command("list")
@click.option("--button", "button_id", help="Only calls of this button.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@json_option
@friendly_errors
def list_command(button_id: str | None, limit: int, as_json: bool) -> None:
    """List calls, newest first, with their final status and talk time."""
    calls = list_calls(get_db(), button_id, limit)
    if button_id and not calls:
        # A deleted button's calls stay listed; an id that never was a button is a mistake.
        store.get_button(get_db(), button_id)
    rows = [
        [
            c["startedAt"][:19],
            c["buttonId"],
            c["callId"],
            c["origin"],
            c["visitorIp"] or "-",
            c["finalStatus"] or "in progress",
            "-" if c["talkSeconds"] is None else f"{c['talkSeconds']:.0f}s",
            c["endedBy"] or "-",
            c["quality"]["grade"] if c["quality"] else "-",
            f"{c['rating']['score']}/5" if c["rating"] else "-",
        ]
        for c in calls
    ]
    headers = ["STARTED (UTC)", "BUTTON", "CALL", "ORIGIN", "VISITOR IP", "STATUS", "TALK"]
    headers += ["ENDED BY", "QUALITY", "RATING"]
    empty = f"No calls of button {button_id} yet." if button_id else "No calls yet."
    emit(calls, as_json, table(rows, headers) if rows else empty)


def wcs_api() -> WcsApi:
    """Return the WCS REST API client the configuration describes; fail if it has no URL."""
    config = current_app.config
    if not config["WCS_API_URL"]:
        raise click.ClickException(
            "CALLGATE_WCS_API_URL is not set; point it at WCS's REST API, "
            "e.g. http://wcs-host:8081/rest-api"
        )
    return WcsApi(config["WCS_API_URL"], config["WCS_API_USER"], config["WCS_API_PASSWORD"])


def check_once(api: WcsApi) -> list[watchdog.Outcome]:
    """Run one watchdog round in a fresh database session; a database error skips the round."""
    db = get_db()
    try:
        outcomes = watchdog.run_once(db, api, utcnow())
    except SQLAlchemyError as exc:
        db.rollback()
        log.error("watchdog: database error, retrying next round: %s", type(exc).__name__)
        return []
    finally:
        db.close()
    for outcome in outcomes:
        metrics.watchdog_acted(outcome.result)
    return outcomes


@cli.command("watchdog")
@click.option("--once", is_flag=True, help="Check once, print what was done and exit.")
@click.option("--interval", type=click.FloatRange(0.5, 3600), default=5.0, show_default=True)
@json_option
@friendly_errors
def watchdog_command(once: bool, interval: float, as_json: bool) -> None:
    """End calls longer than their button's max duration, through WCS's REST API."""
    api = wcs_api()
    if once:
        _report(check_once(api), as_json)
        return
    log.info("watchdog: checking every %ss, WCS REST API at %s", interval, api.url)
    try:
        while True:
            check_once(api)
            time.sleep(interval)
    except KeyboardInterrupt:
        log.info("watchdog: stopped")


def _report(outcomes: list[watchdog.Outcome], as_json: bool) -> None:
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
