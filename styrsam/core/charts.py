"""Server-side SVG bar charts for the start page's dashboards (no JavaScript, nothing from a
CDN): the geometry is computed here and drawn by ``core/_dashboard_chart.html``, which puts
the same numbers in a table beside the picture.

Accessible by construction (WCAG 2.1 AA):

- the SVG is ``role="img"`` with a ``<title>`` and a ``<desc>`` that says every value in words;
- each series has its own fill pattern, named in the legend, and every bar has its value
  written beside it: colour is never the only cue; colours have 3:1 contrast against white;
- bars are horizontal with the row's label above them and the SVG scales to its box, so the
  chart reads at 375 px width;
- a row may carry a target (the policy's minimum, say), drawn as a dashed line and written
  in the label, the description and the table.

Apps build charts in their ``dashboards.py`` from set-based selectors; this module only draws.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .formats import number

_ids = itertools.count(1)

# (colour, pattern) per series: solid, hatched, dotted, crossed
STYLES = [
    ("#00507a", ""),
    ("#7a4b00", "hatch"),
    ("#1d6b35", "dots"),
    ("#a3001b", "cross"),
]
WIDTH = 420
LABEL_H, BAR_H, BAR_GAP, ROW_GAP = 22, 20, 4, 12
LABEL_CHARS = 46  # longer labels are shortened in the picture (whole in the text and table)
PLOT_X, VALUE_ROOM = 4, 120
TARGET_COLOUR = "#1b1b1b"

Value = int | float | Decimal | None


def _style(index: int) -> dict:
    colour, pattern = STYLES[index % len(STYLES)]
    return {"colour": colour, "pattern": pattern}


def _n(value: float) -> str:
    """An SVG coordinate with a dot, whatever the page's language."""
    return f"{float(value):.1f}"


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: int
    value: Value
    text: str
    text_x: str
    style: dict
    series: str


@dataclass
class Row:
    label: str
    label_y: str
    short_label: str
    bars: list[Bar]
    values: list[str]  # the table's cells, formatted
    target: str = ""  # the table's target cell, formatted ("" without a target)
    target_x: str = ""
    target_top: str = ""
    target_bottom: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rows: list[Row]
    series: list[str]
    label_header: str
    legend: list[dict]
    patterns: list[dict] = field(default_factory=list)
    target_header: str = ""
    axis_x: str = _n(PLOT_X)
    label_x: str = _n(PLOT_X)
    legend_h: int = 0
    target_legend_x: int = 0
    empty_text: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


def bar_chart(
    *,
    title: str,
    label_header: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Value]]],
    fmt: Callable[[Value], str] = number,
    targets: Sequence[Value] | None = None,
    target_header: str = "",
    target_text: Callable[[Value], str] | None = None,
    label_width: int = 0,
    empty_text: str = "",
) -> Chart:
    """Horizontal bars: one group per row, one bar per series, the label above the group.

    ``rows``: (label, one value per series; ``None`` draws no bar and says "–"). ``targets``:
    one per row (or ``None``), drawn as a dashed line across the row's bars; ``target_text``
    says it in words for the description (default: ``target_header`` and the value). Negative
    values are drawn as zero (the table and the label give them). ``label_width`` > 0 puts
    short labels (months) beside their bar instead of above it. ``empty_text`` is shown
    instead of a chart without rows."""
    targets = list(targets) if targets is not None else [None] * len(rows)
    legend_h = 24 if len(series) > 1 or any(t is not None for t in targets) else 0
    values = [v for _label, vals in rows for v in vals if v is not None]
    top = max(
        [
            Decimal(0),
            *(Decimal(str(v)) for v in values),
            *(Decimal(str(t)) for t in targets if t is not None),
        ]
    )
    top = top or Decimal(1)
    plot_x = PLOT_X + label_width
    plot_w = WIDTH - plot_x - VALUE_ROOM
    y = float(legend_h + 4)
    out_rows, described = [], []

    def scale(value) -> float:
        return plot_w * float(max(Decimal(str(value)), Decimal(0)) / top)

    for (label, vals), target in zip(rows, targets, strict=True):
        label_y = y + 15
        y += 0 if label_width else LABEL_H
        group_top = y
        bars = []
        for index, value in enumerate(vals):
            width = 0.0 if value is None else max(scale(value), 1.0)
            text = "–" if value is None else fmt(value)
            bars.append(
                Bar(
                    x=_n(plot_x),
                    y=_n(y),
                    width=_n(width),
                    height=BAR_H,
                    value=value,
                    text=text,
                    text_x=_n(plot_x + width + 6),
                    style=_style(index),
                    series=series[index],
                )
            )
            y += BAR_H + BAR_GAP
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
        row = Row(
            label=label,
            label_y=_n(label_y),
            short_label=short,
            bars=bars,
            values=[b.text for b in bars],
        )
        words = ", ".join(f"{b.series} {b.text}" if len(series) > 1 else b.text for b in bars)
        if target is not None:
            row.target = fmt(target)
            row.target_x = _n(plot_x + scale(target))
            row.target_top = _n(group_top - 3)
            row.target_bottom = _n(y - BAR_GAP + 3)
            said = target_text(target) if target_text else f"{target_header} {row.target}"
            words += f" ({said})"
        described.append(f"{label}: {words}")
        y += ROW_GAP
        out_rows.append(row)
    legend = [{"name": name, "x": i * 140, **_style(i)} for i, name in enumerate(series)]
    legend = legend if len(series) > 1 else []
    return Chart(
        id=f"dashboard-chart-{next(_ids)}",
        title=title,
        description="; ".join(described) + "." if described else "",
        width=WIDTH,
        height=int(y),
        rows=out_rows,
        series=list(series),
        label_header=label_header,
        legend=legend,
        target_legend_x=len(legend) * 140,
        patterns=[s for i in range(len(series)) if (s := _style(i))["pattern"]],
        target_header=target_header if any(t is not None for t in targets) else "",
        legend_h=legend_h,
        empty_text=empty_text,
        axis_x=_n(plot_x),
        label_x=_n(PLOT_X),
    )
