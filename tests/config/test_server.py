"""The server, log and metrics settings: defaults, per-instance folders, and refused values."""

from __future__ import annotations

import os

import pytest

from callgate.config import server
from callgate.errors import ConfigError


def test_defaults(make_app):
    config = make_app().config
    assert config["BIND"] == ["127.0.0.1:8000"]
    sqlite = config["DATABASE_URL"].startswith("sqlite")
    cpus = os.cpu_count() or 1
    assert config["WORKERS"] == (max(2, cpus) if sqlite else 2 * cpus + 1)
    assert (config["WORKER_CLASS"], config["THREADS"], config["WORKER_TIMEOUT"]) == ("sync", 1, 4)
    assert (config["LOG_FORMAT"], config["METRICS_TOKEN"], config["METRICS_CIDRS"]) == (
        "text",
        None,
        [],
    )


@pytest.mark.parametrize(
    ("url", "cpus", "workers"),
    [
        ("", 2, 2),
        ("sqlite:////srv/callgate.sqlite3", 8, 8),
        ("sqlite:////srv/callgate.sqlite3", 1, 2),
        ("postgresql+psycopg://callgate@db/callgate", 2, 5),
        ("postgresql+psycopg://callgate@db/callgate", 8, 17),
    ],
)
def test_the_default_worker_count_suits_the_database(monkeypatch, url, cpus, workers):
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    assert server.default_workers(url) == workers


def test_gthread_gets_threads_and_binds_are_a_list(make_app):
    config = make_app(WORKER_CLASS="gthread", BIND="127.0.0.1:9001, [::1]:9001").config
    assert config["THREADS"] == 4
    assert config["BIND"] == ["127.0.0.1:9001", "[::1]:9001"]


def test_each_bind_has_its_own_run_folder(make_app, app):
    first = make_app(BIND="127.0.0.1:9001").config["RUN_DIR"]
    second = make_app(BIND="127.0.0.1:9002").config["RUN_DIR"]
    assert first != second
    assert first.startswith(os.path.join(app.instance_path, "run"))
    assert make_app(RUN_DIR="/run/callgate/a").config["RUN_DIR"] == "/run/callgate/a"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"BIND": "8000"}, "CALLGATE_BIND"),
        ({"BIND": "http://127.0.0.1:8000"}, "CALLGATE_BIND"),
        ({"BIND": "127.0.0.1:80 00"}, "CALLGATE_BIND"),
        ({"BIND": ""}, "CALLGATE_BIND"),
        ({"WORKER_CLASS": "eventlet"}, "CALLGATE_WORKER_CLASS"),
        ({"THREADS": 8}, "CALLGATE_THREADS needs CALLGATE_WORKER_CLASS=gthread"),
        ({"WORKERS": 0}, "CALLGATE_WORKERS"),
        ({"WORKERS": 1000}, "CALLGATE_WORKERS"),
        ({"WORKER_TIMEOUT": 0}, "CALLGATE_WORKER_TIMEOUT"),
        ({"WORKER_TIMEOUT": 31}, "CALLGATE_WORKER_TIMEOUT"),
        ({"WORKERS": "many"}, "CALLGATE_WORKERS"),
        ({"LOG_FORMAT": "xml"}, "CALLGATE_LOG_FORMAT"),
        ({"METRICS_TOKEN": "short"}, "CALLGATE_METRICS_TOKEN"),
        ({"METRICS_CIDRS": ["10.0.0.0/33"]}, "CALLGATE_METRICS_CIDRS"),
    ],
)
def test_bad_values_are_refused(make_app, overrides, fragment):
    with pytest.raises(ConfigError, match=fragment):
        make_app(**overrides)


def test_a_numeric_bind_from_the_environment_is_refused_clearly(monkeypatch, make_app):
    monkeypatch.setenv("CALLGATE_BIND", "8000")
    with pytest.raises(ConfigError, match="CALLGATE_BIND must look like 127.0.0.1:8000"):
        make_app()


def test_the_hook_workers_get_a_socket_in_the_run_folder(make_app):
    config = make_app(RUN_DIR="/run/callgate/a").config
    assert config["HOOK_BIND"] == ["unix:/run/callgate/a/hooks.sock"]
    assert config["HOOK_WORKERS"] == 2
    assert make_app(HOOK_BIND="127.0.0.1:8101, [::1]:8101").config["HOOK_BIND"] == [
        "127.0.0.1:8101",
        "[::1]:8101",
    ]
    assert make_app(HOOK_BIND="off").config["HOOK_BIND"] == []


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"HOOK_BIND": "8101"}, "CALLGATE_HOOK_BIND must look like"),
        ({"HOOK_BIND": "127.0.0.1:8000"}, "CALLGATE_HOOK_BIND must differ from CALLGATE_BIND"),
        ({"HOOK_WORKERS": 0}, "CALLGATE_HOOK_WORKERS"),
        ({"RUN_DIR": "/" + "r" * 100}, "longer than Unix allows; set CALLGATE_RUN_DIR"),
    ],
)
def test_bad_hook_settings_are_refused(make_app, overrides, fragment):
    with pytest.raises(ConfigError, match=fragment):
        make_app(**overrides)
