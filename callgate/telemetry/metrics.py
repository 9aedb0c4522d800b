"""The metrics Callgate keeps, incremented by the faces; Flask-free, a few microseconds each.

Under several gunicorn workers prometheus-client runs in multiprocess mode: bin/serve sets
PROMETHEUS_MULTIPROC_DIR before this module is imported, each process writes its own files
there, and a scrape adds them up (telemetry/exposition.py). Label values are bounded: hook
methods outside the known ones are counted as "other", refusal reasons are error codes.
"""

from __future__ import annotations

from collections.abc import Container

from prometheus_client import Counter, Histogram

OTHER = "other"
#: Hook answers are due within WCS's rest_request_timeout (a few seconds).
HOOK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

TOKENS_ISSUED = Counter("callgate_tokens_issued", "Call tokens issued.")
TOKENS_REFUSED = Counter(
    "callgate_tokens_refused", "Token requests refused, by reason.", ["reason"]
)
HOOKS = Counter(
    "callgate_hooks", "WCS hook requests answered, by method and HTTP status.", ["method", "status"]
)
HOOK_SECONDS = Histogram(
    "callgate_hook_duration_seconds",
    "Time to answer a WCS hook, by method.",
    ["method"],
    buckets=HOOK_BUCKETS,
)
WATCHDOG_ACTIONS = Counter(
    "callgate_watchdog_actions",
    "Calls the max-duration watchdog acted on, by result (ended, gone, failed).",
    ["result"],
)
WATCHDOG_ROUNDS = Counter(
    "callgate_watchdog_rounds",
    "Watchdog rounds, by role: holder (held the lease and acted) or standby (another held it).",
    ["role"],
)
RETENTION_SWEEPS = Counter(
    "callgate_retention_sweeps",
    "Retention sweeps by the lease holder, by result: finished, or partial (rows were left).",
    ["result"],
)
RETENTION_DELETED = Counter(
    "callgate_retention_deleted_rows",
    "Rows the retention sweep deleted, by kind (callbacks, calls, reports, audit).",
    ["kind"],
)
TOKEN_CHALLENGES = Counter(
    "callgate_token_challenges",
    "Token requests answered with a proof-of-work challenge, by the proof sent: none, or why it "
    "was refused.",
    ["proof"],
)
LIMIT_STORAGE_ERRORS = Counter(
    "callgate_limit_storage_errors",
    "Token requests refused because the limit counters could not be read or written.",
)


def hook_answered(method: str, known: Container[str], status: int, seconds: float) -> None:
    """Count one hook answer and its latency; `method` outside `known` counts as "other"."""
    label = method if method in known else OTHER
    HOOKS.labels(label, str(status)).inc()
    HOOK_SECONDS.labels(label).observe(seconds)


def token_issued() -> None:
    """Count one call token issued."""
    TOKENS_ISSUED.inc()


def token_refused(reason: str) -> None:
    """Count one token request refused for `reason` (an error code, a bounded set)."""
    TOKENS_REFUSED.labels(reason).inc()


def token_challenged(proof: str | None) -> None:
    """Count one token request answered with a challenge; `proof`: why its proof failed, if any
    (a proof_* code, a bounded set)."""
    TOKEN_CHALLENGES.labels(proof or "none").inc()


def limit_storage_error() -> None:
    """Count one token request refused because the limit counters were unreachable."""
    LIMIT_STORAGE_ERRORS.inc()


def watchdog_acted(result: str) -> None:
    """Count one watchdog action by its result ("ended", "gone", "failed")."""
    WATCHDOG_ACTIONS.labels(result).inc()


def watchdog_round(role: str) -> None:
    """Count one watchdog round by its role ("holder" or "standby")."""
    WATCHDOG_ROUNDS.labels(role).inc()


def retention_swept(deleted: dict[str, int], finished: bool) -> None:
    """Count one retention sweep and the rows it deleted per kind (a bounded set)."""
    RETENTION_SWEEPS.labels("finished" if finished else "partial").inc()
    for kind, count in deleted.items():
        RETENTION_DELETED.labels(kind).inc(count)
