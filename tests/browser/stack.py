"""Start the real stack for browser tests: the app on gunicorn, the dev gateway, host pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from flask import Flask
from sqlalchemy import text

from callgate import db
from callgate.app import create_app
from dev.ports import free_port, wait_for
from tests.databases import raw_engine

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOOK_SECRET = "browser-test-hook-secret"
LOGIN_KINDS = ("IP", "PREFIX", "ACCOUNT", "GLOBAL", "DEVICE")
ENCRYPTION_KEY = "Q0wdq1dZ1lOj1vV2Dk7tp1wG2y0x8XvjXkTKRIl4b0g="
SIP = {
    "login": "webcall-login-4242",
    "auth": "auth-name-5353",
    "password": "Browser-Test-SIP-Pass-6464",
    "callee": "sales-desk-7731",
}


@dataclass
class Stack:
    """The running processes and where they listen."""

    workdir: Path
    api: str = ""
    gateway: str = ""
    env: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)
    button_id: str = ""
    database_url: str = ""
    cli_app: Flask | None = None

    def give_back_callback_allowance(self) -> None:
        """Forget the callback requests counted so far: the stack is shared by every test."""
        engine = raw_engine(self.database_url)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM rate_counters WHERE key LIKE '%/callback/%'"))
        engine.dispose()

    def flask(self, *args: str, stdin: str | None = None) -> str:
        """Run the `flask` command ARGS against the stack's database, with the stack's settings;
        return its stdout, or raise CalledProcessError as `flask --app callgate.app` would.

        The same CLI, run in this process: a new interpreter per command cost 1.5-4 s, and the
        browser tests run about a hundred commands.
        """
        with mock.patch.dict(os.environ, self.env, clear=True):
            if self.cli_app is None:
                self.cli_app = create_app()
            result = self.cli_app.test_cli_runner().invoke(args=list(args), input=stdin)
        if result.exit_code != 0:
            raise subprocess.CalledProcessError(
                result.exit_code, ["flask", *args], result.stdout, result.stderr
            ) from result.exception
        return result.stdout

    def spawn(self, name: str, *args: str) -> None:
        """Start a process whose output goes to a log file in the work directory."""
        with open(self.workdir / f"{name}.log", "w") as log:
            process = subprocess.Popen(
                args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.processes.append(process)

    def control(self, path: str, body: dict | None = None) -> dict:
        """Call the dev gateway's control API (`/__dev/...`)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.gateway.replace("ws", "http", 1) + path,
            data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def stop(self) -> None:
        """Terminate every process started by the stack."""
        if self.cli_app is not None:
            db.dispose(self.cli_app)
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def start(workdir: Path, page_origins: list[str], database_url: str | None = None) -> Stack:
    """Migrate a database (default: a new SQLite file), create a button, start app and gateway."""
    api_port, gw_port = free_port(), free_port()
    stack = Stack(workdir, api=f"http://127.0.0.1:{api_port}", gateway=f"ws://127.0.0.1:{gw_port}")
    stack.env = os.environ | {
        "CALLGATE_SECRET_KEY": "browser-test-secret-key-0123456789",
        "CALLGATE_WCS_HOOK_SECRETS": HOOK_SECRET,
        "CALLGATE_ENCRYPTION_KEYS": ENCRYPTION_KEY,
        "CALLGATE_DATABASE_URL": database_url or f"sqlite:///{workdir / 'callgate.sqlite3'}",
        "CALLGATE_PUBLIC_URL": stack.api,
        "CALLGATE_TOKEN_MAX_AGE": "5",
        # Every page in these tests calls from 127.0.0.1: far more than one visitor would.
        "CALLGATE_RATE_LIMITS_IP": "1000/minute",
        "CALLGATE_RATE_LIMITS_PREFIX": "1000/minute",
        # Every test logs in from 127.0.0.1: only the failed-password slots stay as shipped.
        **{f"CALLGATE_LOGIN_LIMITS_{kind}": "1000/minute" for kind in LOGIN_KINDS},
        "CALLGATE_WCS_API_URL": f"http://127.0.0.1:{gw_port}/rest-api",
        "CALLGATE_WCS_API_USER": "watchdog",
        "CALLGATE_WCS_API_PASSWORD": "browser-test-rest-api-pass",
    }
    stack.database_url = stack.env["CALLGATE_DATABASE_URL"]
    stack.flask("db", "upgrade")
    origins = [arg for origin in page_origins for arg in ("--origin", origin)]
    created = stack.flask(
        "button",
        "create",
        "--name",
        "Browser test",
        *origins,
        "--callee",
        SIP["callee"],
        "--gateway-url",
        stack.gateway,
        "--sip-login",
        SIP["login"],
        "--sip-auth-name",
        SIP["auth"],
        "--sip-domain",
        "pbx.example.test",
        "--hours",
        "24/7",
        "--sip-password-stdin",
        "--json",
        stdin=SIP["password"] + "\n",
    )
    stack.button_id = json.loads(created)["id"]
    stack.spawn(
        "app",
        str(BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{api_port}",
        "--workers",
        "2",
        "--access-logfile",
        "-",
        # Each test stack on its own: gunicorn's default control socket is one per user.
        "--no-control-socket",
        "callgate.app:create_app()",
    )
    stack.spawn(
        "gateway",
        sys.executable,
        "-m",
        "dev.gateway",
        "--port",
        str(gw_port),
        "--hook-url",
        f"{stack.api}/hooks/wcs",
        "--answer-delay",
        "0.2",
    )
    wait_for(api_port)
    wait_for(gw_port)
    return stack
