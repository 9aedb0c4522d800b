"""The guard on the checkout's instance/ (tests/instance_guard.py), tried on a folder of its own:
it sees what this process and its subprocesses do there, and leaves a running server's files to
that server."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.instance_guard import Guard


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """An instance folder as bin/start leaves it: settings and a database."""
    folder = tmp_path / "instance"
    folder.mkdir()
    (folder / "callgate.env").write_text("CALLGATE_SECRET_KEY=x\n")
    sqlite3.connect(folder / "callgate.sqlite3").close()
    return folder


def in_subprocess(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_run_that_leaves_the_folder_alone_is_clean(instance, tmp_path):
    guard = Guard(instance)
    guard.start()
    (tmp_path / "elsewhere.txt").write_text("x")
    sqlite3.connect(tmp_path / "other.sqlite3").close()
    assert guard.stop() == []


@pytest.mark.parametrize(
    ("touch", "seen"),
    [
        (lambda f: (f / "callgate.env").read_text(), "open"),
        (lambda f: (f / "run").mkdir(), "os.mkdir"),
        (lambda f: sqlite3.connect(f / "callgate.sqlite3").close(), "sqlite3.connect"),
        (lambda f: (f / "callgate.env").unlink(), "os.remove"),
        (lambda f: (f / "callgate.env").rename(f / "old.env"), "os.rename"),
    ],
    ids=["read", "mkdir", "sqlite", "remove", "rename"],
)
def test_what_this_process_does_in_the_folder_is_seen(instance, touch, seen):
    guard = Guard(instance)
    guard.start()
    touch(instance)
    found = guard.stop()
    assert any(line.startswith(f"{seen} {instance}") for line in found), found


def test_what_a_subprocess_leaves_in_the_folder_is_seen(instance):
    guard = Guard(instance)
    guard.start()
    in_subprocess(f"import os; os.makedirs({str(instance / 'run' / 'x')!r})")
    in_subprocess(f"open({str(instance / 'callgate.env')!r}, 'a').write('more\\n')")
    assert guard.stop() == [
        "changed instance/.",
        "changed instance/callgate.env",
        "changed instance/run",
        "changed instance/run/x",
    ]


def test_a_folder_made_where_there_was_none_is_seen(tmp_path):
    guard = Guard(tmp_path / "instance")
    guard.start()
    in_subprocess(f"import os; os.mkdir({str(tmp_path / 'instance')!r})")
    assert guard.stop() == ["changed instance/."]


SERVER = """
import fcntl, pathlib, sys, time
run = pathlib.Path(sys.argv[1])
lock = open(run / "serve.lock", "w")
fcntl.flock(lock, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.readline()
(run / "metrics" / "counter_1.db").write_bytes(b"1")
(run.parent.parent / "callgate.sqlite3-wal").write_bytes(b"w")
open(run.parent.parent / "callgate.sqlite3", "ab").write(b"w")
print("written", flush=True)
sys.stdin.readline()
"""


def test_a_running_server_s_own_files_are_its_own_but_new_folders_are_seen(instance):
    run = instance / "run" / "127.0.0.1_8000"
    (run / "metrics").mkdir(parents=True)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(run)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin and server.stdout
    try:
        assert server.stdout.readline() == "holding\n"
        guard = Guard(instance)
        guard.start()
        server.stdin.write("\n")
        server.stdin.flush()
        assert server.stdout.readline() == "written\n"
        in_subprocess(f"import os; os.makedirs({str(instance / 'run' / '127.0.0.1_9')!r})")
        assert guard.stop() == ["new instance/run/127.0.0.1_9"]
    finally:
        server.communicate("\n", timeout=10)


def test_a_same_named_folder_removed_elsewhere_is_not_the_instance(instance, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere" / "instance"
    (other / "run").mkdir(parents=True)
    (other / "callgate.env").write_text("x")
    monkeypatch.chdir(instance.parent)  # "instance" relative to the working folder is guarded
    guard = Guard(instance)
    guard.start()
    shutil.rmtree(other.parent)  # walks by directory fds: relative names, other folders
    assert guard.stop() == []


def test_removing_the_folder_itself_is_seen_file_by_file(instance):
    guard = Guard(instance)
    guard.start()
    shutil.rmtree(instance)
    found = guard.stop()
    assert f"os.remove {instance / 'callgate.env'}" in found, found
    assert f"os.rmdir {instance}" in found, found
