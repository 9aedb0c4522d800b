"""The statements that write the scale data set's big tables inside the database.

Row `n` (1 to `:n`) happens `n * :step` seconds after `:epoch`; it belongs to button
`n % :b`. Sessions close 90 s after opening and calls finish after 80 s, except the newest
20 (still open) and every tenth+5 (ended by its session only); a third are never answered;
every fourth audit decision is a refusal with one of five reasons; each call came from one of
50 pages, 5 sources and 20 campaigns.
"""

from __future__ import annotations

ORIGIN = "'https://shop.bench.example'"
#: (reason, code) of the five refusals, as the faces write them.
REASONS = (
    ("origin not allowed", "origin_not_allowed"),
    ("daily budget used", "budget_exhausted"),
    ("closed", "closed"),
    ("too many calls", "too_many_calls"),
    ("kill switch", "kill_switch"),
)


def _source(dialect: str) -> tuple[str, str]:
    """Return the statement's prefix and FROM clause giving n = 1 to :n."""
    if dialect == "postgresql":
        return "", "FROM generate_series(1, :n) AS s(n)"
    return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < :n) ", "FROM s"


def _at(dialect: str, plus: int) -> str:
    """Return row n's instant plus `plus` seconds, as the UTCDateTime column stores it."""
    seconds = f"(:epoch + CAST(n * :step AS INTEGER) + {plus})"
    if dialect == "postgresql":
        return f"(to_timestamp{seconds} AT TIME ZONE 'UTC')"
    return f"(strftime('%Y-%m-%d %H:%M:%S', {seconds}, 'unixepoch') || '.000000')"


def big_tables(dialect: str) -> list[tuple[str, str]]:
    """Return (table, INSERT … SELECT statement) for wcs_sessions, calls and audit_events."""
    prefix, source = _source(dialect)
    button = "('bench' || (n % :b + 100000))"
    live = "n > :n - 20"
    sessions = (
        f"{prefix}INSERT INTO wcs_sessions (session_id, jti, button_id, origin, visitor_ip, "
        "status, opened_at, closed_at) "
        f"SELECT 'bs' || n, 'bj' || n, {button}, {ORIGIN}, '198.51.100.' || (n % 250), "
        f"CASE WHEN {live} THEN 'CONNECTED' ELSE 'DISCONNECTED' END, {_at(dialect, 0)}, "
        f"CASE WHEN {live} THEN NULL ELSE {_at(dialect, 90)} END {source}"
    )
    finished = f"NOT ({live} OR n % 10 = 5)"
    calls = (
        f"{prefix}INSERT INTO calls (call_id, session_id, button_id, callee, created_at, "
        "established_at, finished_at, final_status, talk_seconds, ended_by, page_path, "
        "utm_source, utm_campaign) "
        f"SELECT 'bc' || n, 'bs' || n, {button}, '7001', {_at(dialect, 1)}, "
        f"CASE WHEN n % 3 = 0 THEN NULL ELSE {_at(dialect, 6)} END, "
        f"CASE WHEN {finished} THEN {_at(dialect, 80)} END, "
        f"CASE WHEN {finished} THEN 'FINISH' END, "
        f"CASE WHEN {finished} AND n % 3 <> 0 THEN (n % 120) + 0.5 END, "
        f"CASE WHEN {finished} THEN 'caller' END, '/p' || (n % 50), 's' || (n % 5), "
        f"'c' || (n % 20) {source}"
    )
    reason = " ".join(f"WHEN {k} THEN '{text}'" for k, (text, _) in enumerate(REASONS))
    code = " ".join(f"WHEN {k} THEN '{code}'" for k, (_, code) in enumerate(REASONS))
    audit = (
        f"{prefix}INSERT INTO audit_events (at, action, outcome, reason, code, button_id, "
        "client_ip, count, origin) "
        f"SELECT {_at(dialect, 0)}, "
        "CASE n % 3 WHEN 0 THEN 'token' WHEN 1 THEN 'connect' ELSE 'call' END, "
        "CASE WHEN n % 4 = 0 THEN 'refused' ELSE 'allowed' END, "
        f"CASE WHEN n % 4 = 0 THEN (CASE n % 5 {reason} END) END, "
        f"CASE WHEN n % 4 = 0 THEN (CASE n % 5 {code} END) END, {button}, "
        f"'198.51.100.' || (n % 250), 1, CASE WHEN n % 4 = 0 THEN {ORIGIN} END {source}"
    )
    return [
        ("wcs_sessions", sessions),
        ("calls", calls),
        ("audit_events", audit),
    ]
