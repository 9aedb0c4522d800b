"""The slowest test files go out to the workers first."""

from __future__ import annotations

from tests import scheduling


def test_every_slow_file_exists():
    missing = [name for name in scheduling.SLOW_FILES if not (scheduling.TESTS / name).is_file()]
    assert missing == []


def test_slow_files_come_first_slowest_first_and_the_rest_keep_their_order():
    paths = [scheduling.TESTS / name for name in ("a/test_x.py", *scheduling.SLOW_FILES[:2])]
    ordered = sorted(paths, key=scheduling.started_first)
    assert ordered == [paths[1], paths[2], paths[0]]
    rest = [scheduling.TESTS / "b/test_y.py", scheduling.TESTS / "a/test_x.py"]
    assert sorted(rest, key=scheduling.started_first) == rest
