"""Call buttons: what a site owner embeds, its allowed origins, callee and SIP account."""

from buttons import cli_manage as _commands  # noqa: F401 - registers list/show/... on `cli`
from buttons.cli import cli

__all__ = ["cli"]
