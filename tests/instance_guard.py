"""A guard on the checkout's own `instance/`: what bin/start wrote there (settings, database, run
folders) is the user's, and the test suite never reads or writes it.

Two nets: an audit hook sees every file this process opens, creates, renames or removes (and
every SQLite database it connects to) under the folder, and a listing of the folder taken before
and after the run sees what subprocesses did. While a server of the user's runs on the folder
(its run folder's `serve.lock` is held), that server changes its own files: the listing then
only looks for new names outside the server's run folder and its database's companions.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

#: Audit events that read or change a file, and the positions of their path arguments.
EVENTS = {
    "open": (0,),
    "sqlite3.connect": (0,),
    "os.mkdir": (0,),
    "os.rename": (0, 1),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.utime": (0,),
    "os.truncate": (0,),
    "os.link": (0, 1),
    "os.symlink": (0, 1),
    "shutil.copyfile": (0, 1),
    "shutil.rmtree": (0,),
}
#: Audit events whose arguments name the directory fd a relative path is taken from.
DIR_FDS = {"os.rmdir": 1, "os.remove": 1, "os.mkdir": 2}
#: What SQLite keeps beside a database while it is open.
COMPANIONS = ("-wal", "-shm", "-journal")
_active: list[Guard] = []


def _audit(event: str, args: tuple) -> None:
    positions = EVENTS.get(event)
    if positions is None or not _active:
        return
    for position in positions:
        path = args[position] if position < len(args) else None
        if isinstance(path, str | bytes | os.PathLike):
            where = _where(event, args, os.fsdecode(path))
            for guard in (*_active,) if where else ():
                guard.saw(event, where)


def _where(event: str, args: tuple, path: str) -> str | None:
    """Return the path an event names, resolved as the call resolves it, or None if unknown."""
    if os.path.isabs(path):
        return path
    if event == "open" and len(args) > 1 and args[1] is None:
        return None  # os.open(): its dir_fd is not in the audit event (shutil.rmtree uses one)
    fd = args[DIR_FDS[event]] if event in DIR_FDS and len(args) > DIR_FDS[event] else None
    if isinstance(fd, int) and fd >= 0:
        return os.path.join(os.readlink(f"/proc/self/fd/{fd}"), path)
    return os.path.abspath(path)


class Guard:
    """Watch `folder` from start() to stop(); stop() says what the run did to it."""

    def __init__(self, folder: Path) -> None:
        """Guard `folder` (it need not exist)."""
        self.folder = folder.absolute()
        self.roots = {str(self.folder), os.path.realpath(self.folder)}
        self.touches: list[str] = []
        self.before: dict[str, tuple[int, ...]] = {}
        self.held_before: set[str] = set()

    def start(self) -> None:
        """Take the listing and begin watching this process's file operations."""
        self.held_before = held_run_folders(self.folder)
        self.before = listing(self.folder)
        if not getattr(sys, "_callgate_instance_guard", False):
            sys.addaudithook(_audit)
            sys._callgate_instance_guard = True  # type: ignore[attr-defined]
        _active.append(self)

    def saw(self, event: str, path: str) -> None:
        """Record `event` on `path` if the path is in the guarded folder."""
        absolute = os.path.normpath(path)
        if any(absolute == root or absolute.startswith(root + os.sep) for root in self.roots):
            self.touches.append(f"{event} {absolute}")

    def stop(self) -> list[str]:
        """Stop watching; return each touch seen and each change of the listing, as text."""
        _active.remove(self)
        servers = self.held_before | held_run_folders(self.folder)
        return [*dict.fromkeys(self.touches), *changes(self.before, listing(self.folder), servers)]


def listing(folder: Path) -> dict[str, tuple[int, ...]]:
    """Return every entry under `folder` (itself as "."), with its kind, size and change time."""
    if not folder.exists():
        return {}
    found = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        size = 0 if path.is_dir() else info.st_size
        found[str(path.relative_to(folder))] = (info.st_mode, size, info.st_mtime_ns)
    return found


def held_run_folders(folder: Path) -> set[str]:
    """Return the run folders (relative) whose `serve.lock` a running server holds."""
    held = set()
    for lock in (folder / "run").glob("*/serve.lock"):
        try:
            with lock.open("rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            held.add(str(lock.parent.relative_to(folder)))
        except OSError:
            continue
    return held


def changes(before: dict, after: dict, servers: set[str]) -> list[str]:
    """Return what differs between two listings; with servers running, only foreign new names."""
    if not servers:
        names = sorted(set(before) | set(after))
        return [f"changed instance/{name}" for name in names if before.get(name) != after.get(name)]

    def theirs(name: str) -> bool:
        in_run = any(name == s or name.startswith(s + os.sep) for s in servers)
        return in_run or name.endswith(COMPANIONS)

    return [f"new instance/{name}" for name in sorted(set(after) - set(before)) if not theirs(name)]
