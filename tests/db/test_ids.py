"""Public ids never start with a dash, so the CLI never reads one as an option."""

from __future__ import annotations

import pytest

from callgate.db.ids import plain_id, public_id


def test_a_drawn_id_with_a_leading_dash_is_drawn_again(monkeypatch):
    drawn = iter(["-looks-like-an-option", "--also", "fine-id"])
    monkeypatch.setattr("callgate.db.ids.secrets.token_urlsafe", lambda n: next(drawn))
    assert public_id(9) == "fine-id"


def test_ids_are_url_safe_and_as_long_as_asked():
    ids = {public_id(9) for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == 12 and not i.startswith("-") for i in ids)
    assert all(
        set(i) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for i in ids
    )


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ("EVUYO7mEJtwsHpG8I2QgNw", True),
        ("x" * 200, True),
        ("x" * 201, False),
        ("", False),
        ("a\x00b", False),
        ("a\ud800b", False),
        ("a\r\nb", False),
        (7, False),
        (None, False),
        (["a"], False),
    ],
)
def test_plain_ids(value, plain):
    assert plain_id(value) is plain
