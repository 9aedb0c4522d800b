"""Login throttling: the limits before a check, and a bounded number of checks at once."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from callgate.accounts import throttle
from callgate.db import EXTENSION
from callgate.errors import ConfigError
from callgate.ratelimit.login import LoginLimiter


@pytest.fixture
def limiter(app) -> LoginLimiter:
    return LoginLimiter("callgate+db://", app.extensions[EXTENSION].kw["bind"], app.config)


def test_over_the_process_s_check_places_an_attempt_is_refused_at_once(limiter):
    throttle.configure(1)
    inside, done = threading.Event(), threading.Event()

    def hold() -> None:
        with throttle.checking(limiter, "first"):
            inside.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(10)
    with pytest.raises(throttle.LoginBusy) as refused:
        with throttle.checking(limiter, "second"):
            pass
    assert (refused.value.retry_after, refused.value.key_kind) == (1, "busy")
    done.set()
    holder.join()
    with throttle.checking(limiter, "second"):
        pass


def test_a_busy_refusal_takes_no_failure_slot(limiter):
    throttle.configure(1)
    with throttle.checking(limiter, "holder"):
        for _ in range(10):
            with pytest.raises(throttle.LoginBusy):
                with throttle.checking(limiter, "k"):
                    pass
    for _ in range(5):
        with throttle.checking(limiter, "k"):
            pass


def test_the_sixth_check_of_a_key_is_throttled_and_releases_its_place(limiter):
    throttle.configure(1)
    for _ in range(5):
        with throttle.checking(limiter, "k"):
            pass
    with pytest.raises(throttle.LoginThrottled) as refused:
        with throttle.checking(limiter, "k"):
            pass
    assert refused.value.key_kind == "failures"
    with throttle.checking(limiter, "other"):  # the place was given back
        pass


def test_a_place_held_by_another_process_counts_and_comes_back_when_it_is_killed(limiter):
    throttle.configure(1)
    ready = multiprocessing.get_context("fork").Event()

    def hold() -> None:  # a forked worker, checking a password when it is killed
        with throttle.checking(limiter, "worker"):
            ready.set()
            time.sleep(60)

    worker = multiprocessing.get_context("fork").Process(target=hold)
    worker.start()
    try:
        assert ready.wait(20)
        with pytest.raises(throttle.LoginBusy):
            with throttle.checking(limiter, "here"):
                pass
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(20)
    with throttle.checking(limiter, "here"):  # the kernel gave the place back
        pass


@pytest.mark.parametrize("value", [0, 65, "many"])
def test_a_bad_concurrency_is_refused(make_app, value):
    with pytest.raises(ConfigError, match="CALLGATE_LOGIN_CONCURRENCY"):
        make_app(LOGIN_CONCURRENCY=value)
