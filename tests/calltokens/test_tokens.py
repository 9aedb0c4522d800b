"""widget/tokens.py: issuing, loading, expiring, tampering and rotating call tokens."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import secrets
from pathlib import Path

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer

from callgate.calltokens.tokens import SALT, TokenError, TokenExpired, issue_token, load_token

KEYS = ["old-key", "new-key"]
ORIGIN = "https://shop.example.com"
T0 = 1_790_000_000
ROOT = Path(__file__).resolve().parents[2]


def load(token: object, keys: list[str] = KEYS, max_age: int = 60, skew: int = 5):
    return load_token(token, keys, max_age=max_age, skew=skew)


def craft(payload: object, key: str = KEYS[-1], salt: str = SALT, digest=hashlib.sha256) -> str:
    serializer = URLSafeTimedSerializer(key, salt=salt, signer_kwargs={"digest_method": digest})
    return serializer.dumps(payload)


def test_round_trip_with_unique_jti():
    with time_machine.travel(T0, tick=False):
        first, second = issue_token(KEYS, "btn1", ORIGIN), issue_token(KEYS, "btn1", ORIGIN)
        a, b = load(first), load(second)
    assert (a.button_id, a.origin, a.issued_at) == ("btn1", ORIGIN, T0)
    assert a.jti and b.jti and a.jti != b.jti


def test_payload_is_readable_but_holds_no_secret():
    token = issue_token(KEYS, "btn1", ORIGIN)
    segment = token.split(".")[0]
    payload = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    assert set(payload) == {"v", "b", "j", "o"}
    assert payload["b"] == "btn1" and payload["o"] == ORIGIN
    assert not any(key in token for key in KEYS)


@pytest.mark.parametrize(("age", "ok"), [(0, True), (60, True), (61, False), (3600, False)])
def test_max_age_is_inclusive(age, ok):
    with time_machine.travel(T0, tick=False) as clock:
        token = issue_token(KEYS, "btn1", ORIGIN)
        clock.shift(age)
        if ok:
            assert load(token).issued_at == T0
        else:
            with pytest.raises(TokenExpired):
                load(token)


@pytest.mark.parametrize(("ahead", "ok"), [(3, True), (5, True), (6, False), (10, False)])
def test_future_dated_tokens_within_skew(ahead, ok):
    with time_machine.travel(T0 + ahead, tick=False):
        token = issue_token(KEYS, "btn1", ORIGIN)
    with time_machine.travel(T0, tick=False):
        if ok:
            assert load(token, skew=5).issued_at == T0 + ahead
        else:
            with pytest.raises(TokenExpired):
                load(token, skew=5)


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# One token for every example, so that an example Hypothesis replays draws against the same
# token (a fresh one per example made its draws, and so the test, differ between runs).
with time_machine.travel(T0, tick=False):
    TOKEN = craft({"v": 1, "b": "btn1", "j": "tampered-jti", "o": ORIGIN})
POSITIONS = [index for index, char in enumerate(TOKEN) if char != "."]


@given(st.sampled_from(POSITIONS), st.data())
def test_tampered_tokens_are_refused(index, data):
    char = data.draw(st.sampled_from([c for c in B64 if c != TOKEN[index]]))
    with time_machine.travel(T0, tick=False):
        try:
            claims = load(TOKEN[:index] + char + TOKEN[index + 1 :])
        except TokenError:
            return
        # The signature's last base64 char has 2 unused bits; flipping only those changes nothing.
        assert index == len(TOKEN) - 1 and claims == load(TOKEN)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_tampering_each_part_is_refused(part):
    token = issue_token(KEYS, "btn1", ORIGIN)
    segments = token.split(".")
    segments[part] = ("B" if segments[part][0] == "A" else "A") + segments[part][1:]
    with pytest.raises(TokenError):
        load(".".join(segments))


@pytest.mark.parametrize(
    ("salt", "digest"), [("another.salt", hashlib.sha256), (SALT, hashlib.sha1)]
)
def test_other_salt_or_digest_is_refused(salt, digest):
    token = craft({"v": 1, "b": "btn1", "j": "x", "o": ORIGIN}, salt=salt, digest=digest)
    with pytest.raises(TokenError):
        load(token)


def test_key_rotation():
    assert load(issue_token(["old"], "b", ORIGIN), ["old", "new"]).button_id == "b"
    assert load(issue_token(["old", "new"], "b", ORIGIN), ["new"]).button_id == "b"
    with pytest.raises(TokenError):
        load(issue_token(["old", "new"], "b", ORIGIN), ["old"])
    with pytest.raises(TokenError):
        load(issue_token(["stranger"], "b", ORIGIN), ["old", "new"])
    with pytest.raises(TokenError):
        load(issue_token(["old"], "b", ORIGIN), [])


@pytest.mark.parametrize(
    "token", [None, 5, b"bytes", ["x"], {}, "", "x" * 1025, "a.b.c", "...", "é" * 10]
)
def test_non_tokens_are_refused(token):
    with pytest.raises(TokenError):
        load(token)


def test_huge_token_with_valid_prefix_is_refused():
    with pytest.raises(TokenError):
        load(issue_token(KEYS, secrets.token_hex(600), ORIGIN))


GOOD = {"v": 1, "b": "btn1", "j": "x", "o": ORIGIN}


# fmt: off
@pytest.mark.parametrize(
    "payload",
    [
        GOOD | {"v": 2}, GOOD | {"v": "1"}, GOOD | {"v": None}, GOOD | {"v": True},
        GOOD | {"b": ""},
        GOOD | {"b": 5}, GOOD | {"j": None}, GOOD | {"o": ["x"]},
        *({k: v for k, v in GOOD.items() if k != missing} for missing in GOOD),
        ["v", 1], "btn1", None,
    ],
)
# fmt: on
def test_wrong_version_or_missing_fields_are_refused(payload):
    assert load(craft(GOOD)).jti == "x"
    with pytest.raises(TokenError):
        load(craft(payload))


def _loads_calls(node: ast.AST, where: str, path: str, found: list[tuple[str, str]]) -> None:
    for child in ast.iter_child_nodes(node):
        name = where
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = child.name
        elif (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr.startswith("loads")
            and ast.unparse(child.func.value) != "json"
        ):
            found.append((path, where))
        _loads_calls(child, name, path, found)


def _serializer_loads_calls() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in {".venv", "tests", "node_modules"}:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            _loads_calls(tree, "<module>", rel.as_posix(), found)
    return found


def test_only_load_token_reads_tokens():
    calls = _serializer_loads_calls()
    # Report and overflow keys are signed under their own salts; load_jti reads them, each
    # kind through its own loader. The console's known-browser cookie is signed with the
    # console's own key and salt. Proof-of-work challenges have their own salt and check.
    assert sorted(calls) == [
        ("callgate/calltokens/signed_ids.py", "load_jti"),
        ("callgate/calltokens/tokens.py", "load_token"),
        ("callgate/calltokens/work.py", "check"),
        ("callgate/console/devices.py", "known"),
    ]


def test_binding_claim_is_optional_and_round_trips():
    assert load(issue_token(KEYS, "btn1", ORIGIN)).binding is None
    assert load(issue_token(KEYS, "btn1", ORIGIN, None)).binding is None
    assert load(issue_token(KEYS, "btn1", ORIGIN, "c2lnbmVk")).binding == "c2lnbmVk"


@pytest.mark.parametrize("claim", ["", 5, ["x"], {"ip": "1.2.3.4"}, "x" * 65, True])
def test_malformed_binding_claim_is_refused(claim):
    assert load(craft(GOOD | {"a": "x" * 64})).binding == "x" * 64
    with pytest.raises(TokenError, match="malformed"):
        load(craft(GOOD | {"a": claim}))


@pytest.mark.parametrize(
    ("token", "reason"),
    [("x" * 1025, "too long"), ("x" * 5000, "too long"), ("", "missing"), (None, "missing")],
)
def test_an_overlong_token_is_too_long_not_missing(token, reason):
    with pytest.raises(TokenError, match=f"call token is {reason}"):
        load_token(token, KEYS, max_age=60, skew=5)
