"""Charts drawn on the server as SVG shapes: no script, nothing to load, readable at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from callgate.calls.stats import Figures

WIDTH, HEIGHT, TOP, BOTTOM = 720, 200, 0, 0
SERIES = (("answered", "answered"), ("failed", "failed"), ("refused", "refused"))


@dataclass(frozen=True)
class Bar:
    """One day's stacked column: its place, its parts (y, height, kind, value) and its label."""

    x: float
    width: float
    day: date
    parts: list[tuple[float, float, str, int]]
    total: int
    label: str | None
    today: bool


def daily_bars(days: list[tuple[date, Figures]]) -> tuple[list[Bar], int, list[tuple[float, int]]]:
    """Return the columns for `days`, the scale's top value and its grid lines (y, value)."""
    top = _nice(max([_total(f) for _d, f in days] + [1]))
    plot = HEIGHT - TOP - BOTTOM
    step = WIDTH / max(1, len(days))
    bars = [
        _bar(n, day, figures, len(days), step, plot / top) for n, (day, figures) in enumerate(days)
    ]
    grid = [(round(HEIGHT - BOTTOM - plot * n / 4, 1), round(top * n / 4)) for n in range(5)]
    return bars, top, grid


def _bar(index: int, day: date, figures: Figures, count: int, step: float, scale: float) -> Bar:
    y: float = HEIGHT - BOTTOM
    parts: list[tuple[float, float, str, int]] = []
    for name, kind in SERIES:
        value = _value(figures, name)
        if value:
            y -= scale * value
            parts.append((round(y, 1), round(scale * value, 1), kind, value))
    last = index == count - 1
    return Bar(
        x=round(index * step + step * 0.15, 1),
        width=round(step * 0.7, 1),
        day=day,
        parts=parts,
        total=_total(figures),
        label=day.strftime("%d.%m") if index % 5 == 0 or last else None,
        today=last,
    )


def _value(figures: Figures, name: str) -> int:
    if name == "answered":
        return figures.answered
    if name == "failed":
        return figures.placed - figures.answered
    return figures.refused


def _total(figures: Figures) -> int:
    return figures.placed + figures.refused


def _nice(peak: int) -> int:
    """Return a round top for the scale at or above `peak`: 4, 8, 20, 40, 100, …"""
    for top in (4, 8, 12, 20, 40, 60, 100, 200, 400, 1000, 2000, 4000, 10000):
        if peak <= top:
            return top
    return peak


def shares(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    """Return (name, count, percent of the largest) for horizontal bars, largest first."""
    largest = max(list(counts.values()) + [1])
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    return [(name, count, round(100 * count / largest)) for name, count in ordered if count]
