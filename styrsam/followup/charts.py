"""Server-side SVG charts: the geometry is computed here, the SVG is drawn by the templates
``followup/charts/bars.html`` and ``lines.html`` — no JavaScript, nothing from a CDN.

Every chart has a title and a text description for screen readers (``role="img"`` with
``aria-labelledby``), its values written out beside the bars, and a data table next to it
(the templates that include a chart show the table). Colour is never the only cue: each series
of bars has its own fill pattern and each line its own dash and marker shape, all named in the
legend. Colours have at least 3:1 contrast against white (WCAG 1.4.11)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

_ids = itertools.count(1)

# (colour, pattern id or "", dash, marker) per series
STYLES = [
    ("#00507a", "", "", "circle"),
    ("#7a4b00", "hatch", "7 4", "square"),
    ("#1d6b35", "dots", "2 3", "triangle"),
    ("#a3001b", "cross", "9 3 2 3", "diamond"),
    ("#4a4a4a", "hatch", "4 2", "circle"),
]
WIDTH = 640


def _style(index: int) -> dict:
    colour, pattern, dash, marker = STYLES[index % len(STYLES)]
    return {"colour": colour, "pattern": pattern, "dash": dash, "marker": marker}


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value)} %"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float | None
    text: str
    text_x: float
    style: dict
    series: str


@dataclass
class BarRow:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rows: list[BarRow]
    legend: list[dict]
    patterns: list[dict] = field(default_factory=list)
    axis_x: float = 0
    axis_end: float = 0


def bar_chart(
    title: str,
    rows: list[tuple[str, list[float | None]]],
    *,
    series: list[str],
    maximum: float = 100,
    fmt=_percent,
    empty: str = "–",
) -> BarChart:
    """Horizontal bars, one group per row, one bar per series. Labels stand above their bars
    so that the chart also reads on a narrow screen."""
    label_h, bar_h, gap, row_gap = 18, 16, 4, 12
    plot_x, value_room = 4, 64
    plot_w = WIDTH - plot_x - value_room
    y = 24 if len(series) > 1 else 4
    out_rows, described = [], []
    for label, values in rows:
        label_y = y + 13
        y += label_h
        bars = []
        for index, value in enumerate(values):
            width = 0 if value is None else max(plot_w * min(value, maximum) / maximum, 1)
            text = fmt(value) if value is not None else empty
            bars.append(
                Bar(
                    x=plot_x,
                    y=y,
                    width=round(width, 1),
                    height=bar_h,
                    value=value,
                    text=text,
                    text_x=round(plot_x + width + 6, 1),
                    style=_style(index),
                    series=series[index] if index < len(series) else "",
                )
            )
            y += bar_h + gap
        y += row_gap
        out_rows.append(BarRow(label, label_y, bars))
        described.append(
            f"{label}: "
            + ", ".join((f"{b.series} {b.text}" if len(series) > 1 else b.text) for b in bars)
        )
    chart_id = f"chart-{next(_ids)}"
    return BarChart(
        id=chart_id,
        title=title,
        description="; ".join(described) + ".",
        width=WIDTH,
        height=int(y),
        rows=out_rows,
        legend=[{"name": name, **_style(i)} for i, name in enumerate(series)]
        if len(series) > 1
        else [],
        patterns=[_style(i) for i in range(len(series)) if _style(i)["pattern"]],
        axis_x=plot_x,
        axis_end=plot_x + plot_w,
    )


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class Line:
    name: str
    style: dict
    points: list[Point]
    path: str


@dataclass
class LineChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    lines: list[Line]
    x_ticks: list[dict]
    y_ticks: list[dict]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float


def line_chart(
    title: str, x_labels: list[str], series: list[tuple[str, list[float | None]]]
) -> LineChart:
    """Lines over 0–100 % with a tick per x label; a missing value breaks the line."""
    left, right, top, bottom = 48, WIDTH - 16, 12, 232
    step = (right - left) / max(len(x_labels) - 1, 1)
    xs = [
        left + i * step if len(x_labels) > 1 else (left + right) / 2 for i in range(len(x_labels))
    ]

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * value / 100, 1)

    lines, described = [], []
    for index, (name, values) in enumerate(series):
        points, path, pen_down = [], [], False
        for x, label, value in zip(xs, x_labels, values, strict=True):
            if value is None:
                pen_down = False
                continue
            points.append(Point(round(x, 1), y_of(value), f"{name}, {label}: {_percent(value)}"))
            path.append(f"{'L' if pen_down else 'M'}{round(x, 1)} {y_of(value)}")
            pen_down = True
        lines.append(Line(name, _style(index), points, " ".join(path)))
        described.append(
            f"{name}: "
            + ", ".join(f"{label} {_percent(v)}" for label, v in zip(x_labels, values, strict=True))
        )
    return LineChart(
        id=f"chart-{next(_ids)}",
        title=title,
        description="; ".join(described) + ".",
        width=WIDTH,
        height=264,
        lines=lines,
        x_ticks=[{"x": round(x, 1), "label": label} for x, label in zip(xs, x_labels, strict=True)],
        y_ticks=[{"y": y_of(v), "label": f"{v} %"} for v in (0, 25, 50, 75, 100)],
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
    )
