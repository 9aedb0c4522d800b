"""The watchdog's lease holder sends the webhooks that are due; one standing by sends none."""

from __future__ import annotations

from datetime import timedelta

from standardwebhooks import Webhook

from callgate.addresses import parse_networks
from callgate.calls.lease import Lease
from callgate.db import get_db
from callgate.db.models import utcnow
from callgate.webhooks import endpoints, outbox

ONCE = ["calls", "watchdog", "--once"]


def test_only_the_lease_holder_delivers(make_app, app, wcs_rest, receiver):
    url, got = receiver
    runner = make_app(WCS_API_URL=wcs_rest.url, WEBHOOK_ALLOW_CIDRS=["127.0.0.1/32"])
    with app.app_context():
        db = get_db()
        _, secret = endpoints.create(
            db, 1, {"url": url, "events": ["call.ended"]}, "cli", parse_networks(["127.0.0.1"])
        )
        outbox.enqueue(db, 1, "call.ended", {"id": "c9"}, utcnow() - timedelta(seconds=1))
        db.commit()
        Lease("watchdog", 15, "other-host:1:a").take(db, utcnow())
    assert runner.test_cli_runner().invoke(args=ONCE).exit_code == 0
    assert got == []
    with app.app_context():
        Lease("watchdog", 15, "other-host:1:a").release(get_db())
    result = runner.test_cli_runner().invoke(args=ONCE)
    assert result.exit_code == 0, result.output
    _, headers, body = got[0]
    assert Webhook(secret).verify(body, headers)["data"] == {"id": "c9"}
