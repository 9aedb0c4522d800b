"""Run the dev gateway: `python -m dev.gateway --hook-url http://127.0.0.1:8000/hooks/wcs`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from aiohttp import web

from dev.gateway.faults import FaultError, Faults, parse_assignment
from dev.gateway.server import Settings, create_app

SECRETS_ENV = "CALLGATE_WCS_HOOK_SECRETS"
# The REST API's Basic credentials are the ones Callgate's watchdog logs in with.
REST_USER_ENV, REST_PASSWORD_ENV = "CALLGATE_WCS_API_USER", "CALLGATE_WCS_API_PASSWORD"


def hook_secret(value: str | None) -> str | None:
    """Return the first secret of a JSON list or comma-separated string, as the app reads it."""
    if not value or not value.strip():
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    if isinstance(parsed, list):
        items = [str(item) for item in parsed if str(item)]
    else:
        items = [part.strip() for part in str(parsed).split(",") if part.strip()]
    return items[0] if items else None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the command-line options; the hook secret is never among them."""
    parser = argparse.ArgumentParser(
        prog="python -m dev.gateway",
        description="Development stand-in for Flashphoner WCS. Not for production.",
    )
    parser.add_argument("--hook-url", required=True, help="base URL of the REST hooks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--node-id", default="dev-gw-1")
    parser.add_argument("--hook-timeout", type=float, default=5.0, help="seconds")
    parser.add_argument("--answer-delay", type=float, default=0.3, help="seconds")
    parser.add_argument(
        "--ping-interval", type=float, default=5.0, help="seconds between pings (WCS: 5)"
    )
    parser.add_argument("--app-key-default", default="defaultApp")
    parser.add_argument("--fault", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument(
        "--no-access-log", action="store_true", help="no log line per HTTP request (bin/start)"
    )
    return parser.parse_args(argv)


def banner(args: argparse.Namespace, signed: bool, rest_login: bool = False) -> str:
    """Return the start-up warning: what this is, where it listens, where hooks go."""
    line = "!" * 72
    signing = "signed with the first CALLGATE_WCS_HOOK_SECRETS entry" if signed else "UNSIGNED"
    return "\n".join(
        [
            line,
            "!! Callgate DEV GATEWAY: a development stand-in for Flashphoner WCS.",
            "!! NOT FOR PRODUCTION. It is no SIP gateway: calls are echoed back.",
            f"!! Websocket and /__dev/ API: ws://{args.host}:{args.port}/",
            f"!! REST hooks ({signing}): {args.hook_url}",
            f"!! REST API ({'Basic auth' if rest_login else 'no login'}, loopback only): "
            f"http://{args.host}:{args.port}/rest-api",
            line,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Parse options, print the banner and serve until interrupted."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("aioice").setLevel(logging.WARNING)
    try:
        faults = Faults.from_dict(dict(parse_assignment(text) for text in args.fault))
    except FaultError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    secret = hook_secret(os.environ.get(SECRETS_ENV))
    settings = Settings(
        hook_url=args.hook_url,
        secret=secret,
        node_id=args.node_id,
        hook_timeout=args.hook_timeout,
        answer_delay=args.answer_delay,
        ping_interval=args.ping_interval,
        app_key_default=args.app_key_default,
        rest_user=os.environ.get(REST_USER_ENV) or None,
        rest_password=os.environ.get(REST_PASSWORD_ENV) or None,
    )
    print(banner(args, secret is not None, bool(settings.rest_user)), file=sys.stderr, flush=True)
    access = None if args.no_access_log else logging.getLogger("aiohttp.access")
    web.run_app(
        create_app(settings, faults),
        host=args.host,
        port=args.port,
        print=None,
        access_log=access,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
