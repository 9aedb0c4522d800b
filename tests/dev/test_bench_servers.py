"""The benchmarks' own setup still runs against the product (it had rotted unnoticed once)."""

from __future__ import annotations

from sqlalchemy import text

from dev.bench.servers import Callgate, make_buttons, settings
from tests import databases


def test_the_bench_makes_its_buttons_through_the_product(database_url, tmp_path):
    callgate = Callgate(tmp_path, database_url, settings(), buttons=2)
    ids = make_buttons(database_url, 2, callgate.env())
    engine = databases.raw_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT id, name FROM buttons")).all()
    engine.dispose()
    assert len(ids) == 2
    assert sorted(stored) == sorted((i, "Bench") for i in ids)
