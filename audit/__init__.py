"""The audit trail: every security decision Callgate makes, with its reason."""

from audit.cli import cli

__all__ = ["cli"]
