"""Which loopback ports are taken, and by what: `python3 -m dev.portcheck 8000 8443 8080`.

bin/start runs it (with the system's python3, before anything is installed) to refuse busy
ports before it changes anything. It prints one `PORT<TAB>HOLDER` line per busy port and exits
1 if any is busy. The holder is named from /proc (the process listening there, as `ss -ltnp`
would), or "another program" when this user cannot see it.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

LISTEN = "0A"
UNKNOWN = "another program"


def busy(port: int) -> str | None:
    """Return why a server could not listen on 127.0.0.1:`port` now (what holds it), or None."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            return holder(port) if exc.errno == errno.EADDRINUSE else exc.strerror
    return None


def listening_inodes(port: int, proc: Path) -> set[str]:
    """Return the inodes of the sockets listening on `port` (any address), from /proc/net."""
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == LISTEN and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def holder(port: int, proc: Path = Path("/proc")) -> str:
    """Return what listens on `port`: `name (pid N: command line)`, or "another program"."""
    sockets = {f"socket:[{inode}]" for inode in listening_inodes(port, proc)}
    for pid in sorted((p for p in proc.iterdir() if p.name.isdigit()), key=lambda p: int(p.name)):
        if sockets & descriptors(pid):
            return describe(pid)
    return UNKNOWN


def descriptors(pid: Path) -> set[str]:
    """Return what the open descriptors of /proc/`pid` point at (those it may read)."""
    try:
        fds = list((pid / "fd").iterdir())
    except OSError:
        return set()
    found = set()
    for fd in fds:
        try:
            found.add(os.readlink(fd))
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor, for one)
    return found


def describe(pid: Path) -> str:
    """Return `name (pid N: command line)` of the process behind /proc/`pid`."""
    try:
        name = (pid / "comm").read_text().strip()
        words = (pid / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return f"{UNKNOWN} (pid {pid.name})"
    command = " ".join(w.decode(errors="replace") for w in words if w)
    if len(command) > 80:
        command = command[:79] + "…"
    return f"{name} (pid {pid.name}: {command})"


def main(argv: list[str]) -> int:
    """Print `PORT<TAB>HOLDER` for each busy port of `argv`; return 1 if any is busy."""
    taken = [(port, busy(port)) for port in map(int, argv)]
    for port, why in taken:
        if why:
            print(f"{port}\t{why}")
    return 1 if any(why for _, why in taken) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
