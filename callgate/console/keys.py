"""The console's own signing key: its session cookie, CSRF tokens and device cookies.

It is CALLGATE_CONSOLE_SECRET_KEY when set, else derived (HMAC-SHA256) from the token key
together with the first encryption key, for this purpose only: a leaked token key alone can
neither forge a console session nor be used to sign one.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

PURPOSE = b"callgate console session v1\x00"
#: Where the app keeps the key (app.config).
CONFIG = "CONSOLE_SESSION_KEY"


def derive(token_key: str, encryption_key: str) -> str:
    """Return the console key derived from the token key and the first encryption key."""
    message = PURPOSE + encryption_key.encode("utf-8")
    return hmac.new(token_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def console_key(config: dict) -> str:
    """Return the key the console signs with (its own setting, else the derived one)."""
    own = config.get("CONSOLE_SECRET_KEY")
    return str(own) if own else derive(config["SECRET_KEY"], config["ENCRYPTION_KEYS"][0])


class ConsoleSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, signed with the console's key, not the token key."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return the serializer that signs and checks the session cookie."""
        return URLSafeTimedSerializer(
            app.config[CONFIG],
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )


def serializer(app: Flask, salt: str) -> URLSafeTimedSerializer:
    """Return a serializer under the console's key for another of its cookies (`salt`)."""
    return URLSafeTimedSerializer(app.config[CONFIG], salt=salt)


def init_app(app: Flask) -> None:
    """Sign the console's session and CSRF tokens with the console's key."""
    key = console_key(app.config)
    app.config[CONFIG] = key
    app.config["WTF_CSRF_SECRET_KEY"] = key
    app.session_interface = ConsoleSessions()
