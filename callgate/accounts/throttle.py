"""Login throttling: the limits counted before a password is checked, and how many checks run.

Attempts and failures are counted in shared storage by ratelimit/login.py, so every worker and
instance sees them. How many password checks run at once is bounded on this host, on purpose:
an Argon2id check takes 64 MiB and about 0.15 CPU-s on four threads, and the server must not
take on more of them than it can afford. The bound holds across every thread and process
forked from the one that configured it (all workers of one bin/serve): each place is a lock
file, which the kernel frees when its holder ends, even killed. Over the bound an attempt is
refused at once, never queued.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from callgate.errors import Refused
from callgate.ratelimit.limiter import RateLimited
from callgate.ratelimit.login import Attempt, LoginLimiter


class LoginThrottled(Refused):
    """Too many login attempts or failures; try again after `retry_after` seconds."""

    code = "login_throttled"

    def __init__(self, retry_after: int, key_kind: str) -> None:
        super().__init__(f"too many logins ({key_kind})", params={"kind": key_kind})
        self.retry_after = retry_after
        self.key_kind = key_kind


class LoginBusy(LoginThrottled):
    """This process is already checking as many passwords as it may; try again in a second."""

    code = "login_busy"

    def __init__(self) -> None:
        super().__init__(1, "busy")


class Places:
    """`size` places for password checks, shared by this process and those it forks."""

    def __init__(self, size: int) -> None:
        """Make the places (lock files in a folder of their own, removed at exit)."""
        self.folder = Path(tempfile.mkdtemp(prefix="callgate-checks-"))
        self.paths = [self.folder / str(n) for n in range(size)]
        for path in self.paths:
            path.touch()
        self.owner = os.getpid()
        atexit.register(self.remove)

    def remove(self) -> None:
        """Remove the folder (forked workers run atexit too: only its maker removes it)."""
        if os.getpid() == self.owner:
            shutil.rmtree(self.folder, ignore_errors=True)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold a free place while inside; raise LoginBusy if none is free."""
        for path in self.paths:
            descriptor = os.open(path, os.O_RDWR)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            try:
                yield
            finally:
                os.close(descriptor)  # which frees the place
            return
        raise LoginBusy()


#: The password checks that may run at once (CALLGATE_LOGIN_CONCURRENCY).
_places: Places | None = None


def configure(concurrency: int) -> None:
    """Let at most `concurrency` password checks run at once in this process and its forks."""
    global _places
    if _places is None or len(_places.paths) != concurrency:
        _places = Places(concurrency)


def admit(limiter: LoginLimiter, attempt: Attempt) -> None:
    """Count the attempt against its limits; raise LoginThrottled (or LimitsUnavailable)."""
    try:
        limiter.attempt(attempt)
    except RateLimited as exc:
        raise LoginThrottled(exc.retry_after, exc.kind) from None


def take_slot(limiter: LoginLimiter, key: str) -> None:
    """Take a failure slot of `key` before a check; raise LoginThrottled when none is left."""
    try:
        limiter.take_failure_slot(key)
    except RateLimited as exc:
        raise LoginThrottled(exc.retry_after, exc.kind) from None


@contextmanager
def checking(limiter: LoginLimiter, key: str) -> Iterator[None]:
    """Hold a check place and a failure slot of `key` while checking.

    Raises LoginBusy when every place is taken, LoginThrottled when the slots are used up.
    """
    if _places is None:
        configure(1)
    assert _places is not None
    with _places.hold():
        take_slot(limiter, key)
        yield
