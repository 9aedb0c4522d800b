"""The package: a wheel built from the tree, installed into a fresh venv outside the checkout,
migrates a database, serves (`callgate serve`), issues a token and answers a signed /connect,
with nothing of the checkout (no node_modules, no sources) within its reach."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

from callgate.hooks.verify import sign
from tests.browser.stack import free_port, wait_for
from tests.data import ENCRYPTION_KEY, ORIGIN, SECRET_KEY
from tests.servers import get
from tests.wcs import FakeWcs, session_id

# The installed app runs on a SQLite file of its own, whatever the suite's backend.
pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[2]
HOOK_SECRET = "package-test-hook-secret"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def run(*args: str | Path, **options: object) -> subprocess.CompletedProcess:
    """Run a command to its end; fail the test with its output if it fails."""
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **options)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `python -m build` makes of a copy of the tree (the checkout stays untouched)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "callgate", source / "callgate", ignore=shutil.ignore_patterns("__pycache__")
    )
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", work, source)
    [built] = work.glob("callgate-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the locked runtime packages (hash-checked) and the wheel, no more."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    run(sys.executable, "-m", "venv", folder)
    python = folder / "bin" / "python"
    # uv installs the locked set from its cache (pip here keeps none); pip installs the wheel.
    uv = Path(sys.executable).parent / "uv"
    run(
        uv,
        "pip",
        "install",
        "-q",
        "--python",
        python,
        "--require-hashes",
        "-r",
        ROOT / "requirements.txt",
    )
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    run(python, "-m", "pip", "check")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """An operator's folder, far from the checkout, holding the settings in ./instance."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "instance").mkdir()
    settings = folder / "instance" / "callgate.env"
    settings.write_text(
        f"CALLGATE_SECRET_KEY={SECRET_KEY}\nCALLGATE_ENCRYPTION_KEYS={ENCRYPTION_KEY}\n"
        f"CALLGATE_WCS_HOOK_SECRETS={HOOK_SECRET}\n"
    )
    settings.chmod(0o600)
    return folder


def environment(**settings: str) -> dict[str, str]:
    """The machine's environment without any CALLGATE_*, Python path or test settings."""
    drop = ("CALLGATE_", "PROMETHEUS_", "PYTHON", "VIRTUAL_ENV", "FLASK_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return env | {f"CALLGATE_{key}": value for key, value in settings.items()}


def callgate(venv: Path, site: Path, *args: str, **options: object) -> str:
    """Run the installed `callgate` in the operator's folder; return what it printed."""
    done = run(venv / "bin" / "callgate", *args, cwd=site, env=environment(), **options)
    return done.stdout


def test_the_wheel_holds_the_app_and_its_files_and_nothing_else(wheel):
    names = set(
        subprocess.run(["unzip", "-Z1", str(wheel)], capture_output=True, text=True).stdout.split()
    )
    for needed in (
        "callgate/migrations/versions/0001_initial.py",
        "callgate/migrations/script.py.mako",
        "callgate/templates/console/base.html",
        "callgate/static/console/console.css",
        "callgate/widget/static/build/widget.js",
        "callgate/widget/static/build/manifest.json",
        "callgate/widget/static/build/flashphoner-webrtc-only.min.js",
        "callgate/widget/static/build/flashphoner-webrtc-only.min.js.br",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "dev/", "node_modules/"))]
    assert not [n for n in names if "__pycache__" in n]


def test_the_installed_package_runs_outside_the_checkout(venv, site):
    python = venv / "bin" / "python"
    where = run(
        python, "-c", "import callgate; print(callgate.__file__)", cwd=site, env=environment()
    )
    assert where.stdout.startswith(str(venv)), where.stdout
    assert callgate(venv, site, "--version") == f"callgate {VERSION}\n"
    created = callgate(venv, site, "db", "upgrade")
    assert created.startswith("created the database schema at revision "), created
    assert (site / "instance" / "callgate.sqlite3").is_file()
    made = callgate(
        venv,
        site,
        *("button", "create", "--name", "Shop", "--origin", ORIGIN, "--callee", "7001"),
        *("--gateway-url", "wss://gw.example.com", "--sip-login", "webcall-7001"),
        *("--hours", "24/7", "--sip-password-stdin", "--json"),
        input="installed-sip-password\n",
    )
    button_id = json.loads(made)["id"]
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "callgate"), "serve"],
        cwd=site,
        env=environment(BIND=f"127.0.0.1:{port}", WORKERS="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(port)
        served_the_call(f"http://127.0.0.1:{port}", button_id)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert "Error" not in output and "Traceback" not in output, output


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, json.loads(answer.read())


def served_the_call(base: str, button_id: str) -> None:
    """The widget, the SDK, a token and a signed /connect, through the installed server."""
    status, _, loader = get(f"{base}/widget.js")
    assert status == 200 and loader
    status, _, config = get(f"{base}/api/v1/buttons/{button_id}", {"Origin": ORIGIN})
    sdk = json.loads(config)["sdk"]
    status, _, bundle = get(base + sdk["path"])
    assert status == 200 and len(bundle) > 100_000
    status, token = post(f"{base}/api/v1/buttons/{button_id}/token", b"", {"Origin": ORIGIN})
    assert status == 200
    sid = session_id()
    raw = json.dumps(FakeWcs.connect_body(token["token"], ORIGIN, sid)).encode()
    headers = {"Content-Type": "application/json", "Authorization": sign(raw, HOOK_SECRET)}
    status, answer = post(f"{base}/hooks/wcs/connect", raw, headers)
    assert status == 200
    assert (answer["sipLogin"], answer["sipPassword"]) == ("webcall-7001", "installed-sip-password")
