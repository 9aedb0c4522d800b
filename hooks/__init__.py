"""The WCS REST hooks: signature check, connect, call and status events."""

from hooks.routes import bp

__all__ = ["bp"]
