"""console/charts.py: the overview's stacked day columns, their round scale, and share bars."""

from __future__ import annotations

from datetime import date, timedelta

from callgate.calls.stats import Figures
from callgate.console.charts import HEIGHT, WIDTH, daily_bars, shares

START = date(2026, 3, 1)


def days(*figures: Figures) -> list[tuple[date, Figures]]:
    """Return `figures` as consecutive days from START."""
    return [(START + timedelta(days=n), f) for n, f in enumerate(figures)]


def test_a_day_stacks_answered_failed_and_refused_from_the_bottom() -> None:
    [bar], top, _grid = daily_bars(days(Figures(placed=3, answered=2, refused=1)))
    assert (top, bar.total, bar.today) == (4, 4, True)
    # 4 is the top of the scale: one call is a quarter of the height.
    assert bar.parts == [
        (HEIGHT - 100.0, 100.0, "answered", 2),
        (HEIGHT - 150.0, 50.0, "failed", 1),
        (HEIGHT - 200.0, 50.0, "refused", 1),
    ]


def test_empty_parts_are_left_out_and_an_empty_day_is_an_empty_column() -> None:
    bars, top, _grid = daily_bars(days(Figures(), Figures(placed=2, answered=2)))
    assert top == 4
    assert bars[0].parts == [] and bars[0].total == 0
    assert [kind for _y, _h, kind, _v in bars[1].parts] == ["answered"]


def test_the_scale_s_top_is_a_round_number_at_or_above_the_busiest_day() -> None:
    for busiest, top in [(0, 4), (4, 4), (5, 8), (13, 20), (101, 200), (10001, 10001)]:
        assert daily_bars(days(Figures(refused=busiest)))[1] == top
    _bars, _top, grid = daily_bars(days(Figures(refused=40)))
    assert grid == [(200.0, 0), (150.0, 10), (100.0, 20), (50.0, 30), (0.0, 40)]


def test_thirty_days_share_the_width_and_every_fifth_day_and_today_are_labelled() -> None:
    bars, _top, _grid = daily_bars(days(*[Figures(placed=1)] * 30))
    assert [round(b.x, 1) for b in bars[:2]] == [3.6, 27.6]
    assert bars[-1].x + bars[-1].width <= WIDTH
    labelled = [n for n, b in enumerate(bars) if b.label]
    assert labelled == [0, 5, 10, 15, 20, 25, 29]
    assert bars[0].label == "01.03" and [b.today for b in bars].count(True) == 1


def test_shares_are_largest_first_against_the_largest_and_zeros_are_dropped() -> None:
    assert shares({"closed": 1, "limit": 4, "origin": 0, "budget": 2}) == [
        ("limit", 4, 100),
        ("budget", 2, 50),
        ("closed", 1, 25),
    ]
    assert shares({}) == [] and shares({"limit": 0}) == []
