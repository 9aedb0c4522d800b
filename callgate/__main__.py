"""The `callgate` command (also `python -m callgate`): the production server and every group.

`callgate serve` runs the production server (what bin/serve runs); every other command is the
app's own (`callgate db upgrade`, `callgate button list`, …), with the installation's settings
and no `--app` to give. The app is imported only when a command needs it: the server must set
up its metrics folder before prometheus-client is first imported.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo


def installed_version() -> str:
    """Return the installed package's version (pyproject.toml's), or "unknown" if not installed."""
    try:
        return version("callgate")
    except PackageNotFoundError:
        return "unknown"


def _create_app() -> Flask:
    from callgate.app import create_app

    return create_app()


@click.command("serve")
@click.option("--check", is_flag=True, help="Build the app, say whether the settings are good.")
def serve_command(check: bool) -> None:
    """Run the production server (gunicorn) until stopped."""
    from callgate.runtime import serve

    sys.exit(serve.main(["callgate serve", *(["--check"] if check else [])]))


class CallgateGroup(FlaskGroup):
    """Flask's group, listing the app's commands or, if the app cannot start, saying why once."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return every command's name; with bad settings, the built-in ones and one `Error:`."""
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            return sorted(self.commands)
        return super().list_commands(ctx)


def make_cli() -> click.Group:
    """Return the `callgate` command group: the app's commands, `serve` and `--version`."""
    group = CallgateGroup(
        name="callgate",
        create_app=_create_app,
        add_version_option=False,
        # Settings come from CALLGATE_* and the settings file, never from a .env lying around.
        load_dotenv=False,
        set_debug_flag=False,
        help="Callgate: a safe click-to-call button for websites, in front of Flashphoner WCS.",
    )
    # The app is this installation's: no --app to pick another, no --env-file beside the settings.
    group.params = [p for p in group.params if p.name not in ("app", "env_file", "debug")]
    group.add_command(serve_command)
    return click.version_option(
        installed_version(), "--version", prog_name="callgate", message="%(prog)s %(version)s"
    )(group)


def main() -> None:
    """Run the `callgate` command line."""
    make_cli()(prog_name="callgate")


if __name__ == "__main__":
    main()
