"""`secrets rotate` re-encrypts the other sealed secrets too (identity, webhook signing, alert
channel), so the old key can be dropped; a secret no key opens stops it before any change."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from callgate.addresses import parse_networks
from callgate.alerts import channels
from callgate.db import get_db
from callgate.db.alerts import AlertChannel
from callgate.db.integrations import WebhookEndpoint
from callgate.db.routes import IdentitySecret
from callgate.routes.identity import identity_secret
from callgate.vault import fernet
from callgate.vault.sealed import rotate_sealed
from callgate.vault.stored import vault_of
from callgate.webhooks import endpoints
from tests.data import ENCRYPTION_KEY

NEW_KEY = "2dvYOQ-S5Xw3Hc1BJCtrDtyZo6Wq84p7vAfB4c2iHuk="
TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ"
MODELS = (IdentitySecret, WebhookEndpoint, AlertChannel)


@pytest.fixture
def sealed(app, button) -> dict[type, str]:
    """One secret of each kind, sealed under the old key; their plain values by table."""
    with app.app_context():
        db = get_db()
        identity = identity_secret(db, vault_of(db), button.id)
        fields = {"url": "http://127.0.0.1:9/in", "events": ["call.ended"]}
        _, signing = endpoints.create(db, 1, fields, "cli", parse_networks(["127.0.0.1"]))
        wanted = {"kind": "telegram", "botToken": TOKEN, "chatId": "-1001", "alerts": ["budget"]}
        channels.add_channel(db, 1, wanted, ("cli", None, "en"), ([], True))
    return {IdentitySecret: identity, WebhookEndpoint: signing, AlertChannel: TOKEN}


def opened(app, keys: list[str]) -> dict[type, str]:
    with app.app_context():
        db, vault = get_db(), fernet.build(keys)
        return {m: fernet.decrypt(vault, db.scalar(select(m.secret))) for m in MODELS}


def test_rotate_then_drop_the_old_key(make_app, sealed):
    both = make_app(ENCRYPTION_KEYS=[NEW_KEY, ENCRYPTION_KEY])
    result = both.test_cli_runner().invoke(args=["secrets", "rotate", "--json"])
    assert result.exit_code == 0, result.output
    counts = {"identitySecrets": 1, "webhookSecrets": 1, "alertSecrets": 1}
    assert json.loads(result.output)["otherSecretsRotated"] == counts
    assert opened(both, [NEW_KEY]) == sealed
    text = both.test_cli_runner().invoke(args=["secrets", "rotate"]).output
    assert "Rotated 3 other sealed secrets too (1 identity, 1 webhook, 1 alert)." in text


def test_a_secret_no_key_opens_stops_the_rotation_unchanged(make_app, sealed):
    both = make_app(ENCRYPTION_KEYS=[NEW_KEY, ENCRYPTION_KEY])
    with both.app_context():
        db = get_db()
        forged = fernet.encrypt(fernet.build([fernet.generate_key()]), "nobody's")
        db.execute(update(WebhookEndpoint).values(secret=forged))
        db.commit()
        before = {m: db.scalar(select(m.secret)) for m in MODELS}
        with pytest.raises(fernet.DecryptError, match="webhook_endpoints"):
            rotate_sealed(db, vault_of(db))
        db.rollback()
        assert {m: db.scalar(select(m.secret)) for m in MODELS} == before
