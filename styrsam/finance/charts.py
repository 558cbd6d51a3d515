"""Server-side SVG bar charts (no JavaScript, no CDN): the geometry is computed here and drawn
by ``finance/_bar_chart.html``. Every chart has a title and a description for screen readers
and a data table beside it; the series differ by pattern and by their legend and value
labels, not by colour alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 720
GROUP_GAP = 28
BAR_GAP = 4
TOP, BOTTOM, LEFT, RIGHT = 24, 64, 96, 16
HEIGHT = 320


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    fill: str  # the pattern's id suffix: solid | hatched | dotted


def n(value: float) -> str:
    """An SVG coordinate: a dot as decimal separator, whatever the page's language (a
    localised "12,5" would be read as two coordinates)."""
    return f"{value:.1f}"


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    series: Series
    value: Decimal | None
    text: str


@dataclass
class Group:
    label: str
    x: str
    bars: list[Bar] = field(default_factory=list)


def _nice_max(value: Decimal) -> Decimal:
    """A round upper bound of the axis (1, 2 or 5 × a power of ten)."""
    if value <= 0:
        return Decimal(1)
    exponent = len(str(int(value))) - 1
    for step in (1, 2, 5, 10):
        bound = Decimal(step) * Decimal(10) ** exponent
        if bound >= value:
            return bound
    return Decimal(10) ** (exponent + 1)


def kronor(value: Decimal | None) -> str:
    """``1234567.5`` → ``1 234 568 kr`` (the chart's labels; the table has the öre)."""
    if value is None:
        return "–"
    return f"{int(value.quantize(Decimal(1))):,}".replace(",", "\u00a0") + "\u00a0kr"


def bar_chart(
    *, chart_id: str, title: str, description: str, series: list[Series], groups: list[tuple]
) -> dict:
    """``groups``: (label, {series key: value or None}). Negative values are drawn as zero
    (the table shows them); a missing value draws no bar and says so in its label."""
    values = [vals[s.key] for _label, vals in groups for s in series if vals.get(s.key) is not None]
    top = _nice_max(max([Decimal(0), *values]))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    group_w = (plot_w - GROUP_GAP * max(len(groups) - 1, 0)) / max(len(groups), 1)
    bar_w = (group_w - BAR_GAP * (len(series) - 1)) / max(len(series), 1)
    out_groups = []
    for i, (label, vals) in enumerate(groups):
        gx = LEFT + i * (group_w + GROUP_GAP)
        group = Group(label=label, x=n(gx + group_w / 2))
        for j, s in enumerate(series):
            value = vals.get(s.key)
            shown = max(value, Decimal(0)) if value is not None else Decimal(0)
            h = float(shown / top) * plot_h
            group.bars.append(
                Bar(
                    x=n(gx + j * (bar_w + BAR_GAP)),
                    y=n(TOP + plot_h - h),
                    width=n(bar_w),
                    height=n(h),
                    series=s,
                    value=value,
                    text=f"{label}, {s.label}: {kronor(value)}",
                )
            )
        out_groups.append(group)
    ticks = [{"y": n(TOP + plot_h - plot_h * k / 4), "text": kronor(top * k / 4)} for k in range(5)]
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 20,
        "legend_y": HEIGHT - 14,
        "legend_box_y": HEIGHT - 25,
        "series": series,
        "legend": [
            {"series": s, "x": LEFT + k * 170, "text_x": LEFT + k * 170 + 20}
            for k, s in enumerate(series)
        ],
        "groups": out_groups,
        "ticks": ticks,
    }
