"""Chart geometry for the analytics page, drawn as inline SVG by `templates/charts.html`.

No JavaScript and no charting library: this module turns figures into rectangles, ticks and
labels; the template writes them out. Every chart also gets a data table on the page, so the
figures are readable without seeing the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from common.storage.log_records import DailyCount

# Colours with at least 4.5:1 contrast on white, told apart by more than hue alone.
PALETTE: Final = ("#1f5fa8", "#0b6e69", "#8a4f00", "#6b3fa0", "#a3123a", "#3d5a1e")
KNOWN_CHANNELS: Final = ("webchat", "telegram")
WIDTH: Final = 720
HEIGHT: Final = 240
MARGIN_LEFT: Final = 48
MARGIN_BOTTOM: Final = 28
MARGIN_TOP: Final = 12
MAX_X_LABELS: Final = 8
BAR_HEIGHT: Final = 22
LABEL_WIDTH: Final = 220


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str  # what a tooltip (SVG <title>) says


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class DailyChart:
    width: int
    height: int
    plot_left: int
    plot_bottom: float
    plot_right: int
    bars: tuple[Rect, ...]
    x_labels: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    legend: tuple[tuple[str, str], ...]  # (series name, colour)
    days: tuple[date, ...]
    table: tuple[tuple[date, tuple[int, ...]], ...]  # per day, the count of each series
    series: tuple[str, ...]


@dataclass(frozen=True)
class HorizontalBar:
    label: str
    value: int
    share: float  # of the total, 0..1
    y: float
    width: float


@dataclass(frozen=True)
class HorizontalChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[HorizontalBar, ...]


def colours(names: Sequence[str]) -> dict[str, str]:
    ordered = [name for name in KNOWN_CHANNELS if name in names]
    ordered += sorted(name for name in names if name not in KNOWN_CHANNELS)
    return {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(ordered)}


def nice_step(value: int, ticks: int = 4) -> int:
    """A whole step of 1, 2 or 5 × 10^k such that `ticks` steps reach at least `value`."""
    rough = max(1.0, value / ticks)
    magnitude = 10 ** math.floor(math.log10(rough))
    for step in (1, 2, 5, 10):
        if step * magnitude >= rough:
            return int(step * magnitude)
    return int(10 * magnitude)


def daily_chart(counts: Sequence[DailyCount], since: date, until: date) -> DailyChart:
    """Stacked bars per day (one colour per channel) from `since` to `until`, both included."""
    days = tuple(since + timedelta(days=n) for n in range((until - since).days + 1))
    series = tuple(colours(sorted({count.channel for count in counts})))
    palette = colours(series)
    by_day = {(count.day, count.channel): count.count for count in counts}
    table = tuple((day, tuple(by_day.get((day, name), 0) for name in series)) for day in days)
    highest = max((sum(values) for _, values in table), default=0)
    step = nice_step(highest)
    steps = max(1, math.ceil(highest / step))
    top = step * steps
    plot_right = WIDTH - 8
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    plot_height = plot_bottom - MARGIN_TOP
    slot = (plot_right - MARGIN_LEFT) / len(days)
    bar_width = max(1.0, slot * 0.8)
    bars: list[Rect] = []
    for index, (day, values) in enumerate(table):
        x = MARGIN_LEFT + index * slot + (slot - bar_width) / 2
        base = float(plot_bottom)
        for name, value in zip(series, values, strict=True):
            if not value:
                continue
            height = plot_height * value / top
            base -= height
            label = f"{day.isoformat()} {name}: {value}"
            bars.append(
                Rect(
                    round(x, 1),
                    round(base, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    palette[name],
                    label,
                )
            )
    every = max(1, math.ceil(len(days) / MAX_X_LABELS))
    x_labels = tuple(
        Tick(round(MARGIN_LEFT + (index + 0.5) * slot, 1), day.strftime("%m-%d"))
        for index, day in enumerate(days)
        if index % every == 0
    )
    y_ticks = tuple(
        Tick(round(plot_bottom - plot_height * part / steps, 1), str(step * part))
        for part in range(steps + 1)
    )
    return DailyChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=MARGIN_LEFT,
        plot_bottom=plot_bottom,
        plot_right=plot_right,
        bars=tuple(bars),
        x_labels=x_labels,
        y_ticks=y_ticks,
        legend=tuple((name, palette[name]) for name in series),
        days=days,
        table=table,
        series=series,
    )


def horizontal_chart(items: Sequence[tuple[str, int]], total: int | None = None) -> HorizontalChart:
    """One bar per item, longest for the largest value; `share` of `total` (default: the sum)."""
    whole = total if total else sum(value for _, value in items) or 1
    largest = max((value for _, value in items), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 120  # the value and share are written after the bar
    bars = tuple(
        HorizontalBar(
            label=label,
            value=value,
            share=value / whole,
            y=index * (BAR_HEIGHT + 6),
            width=round(max(1.0, room * value / largest), 1),
        )
        for index, (label, value) in enumerate(items)
    )
    return HorizontalChart(
        width=WIDTH,
        height=max(BAR_HEIGHT, len(bars) * (BAR_HEIGHT + 6)),
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
    )
