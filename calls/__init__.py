"""The call log: WCS sessions, calls and the statuses they went through."""

from calls.cli import cli

__all__ = ["cli"]
