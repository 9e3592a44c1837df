"""Charts drawn on the server as SVG (analytics/jinja2/analytics/_charts.html draws them): no script, no CDN.
Each chart here is only geometry worked out from the figures its page also lists in a table, so the two can
never disagree. Colours are GOV.UK's, ordered for grades from the lowest to the highest."""

from dataclasses import dataclass, field

# GOV.UK palette: red, orange, yellow, light green, green, then blue, purple, grey for anything further.
PALETTE = ("#d4351c", "#f47738", "#ffdd00", "#85994b", "#00703c", "#1d70b8", "#4c2c92", "#505a5f")
WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 22
GAP = 8


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    title: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[Segment]


@dataclass(frozen=True)
class StackedBars:
    """Horizontal bars, each split into its series' shares of the bar's total (100% wide)."""

    title: str
    series: list[tuple[str, str]]  # label, colour
    bars: list[Bar]
    height: float
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    plot_width: int = WIDTH - LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def stacked_bars(title: str, series: list[str], rows: list[tuple[str, list[int]]]) -> StackedBars:
    """`rows`: a label and one count per series."""
    plot = WIDTH - LABEL_WIDTH
    bars = []
    for index, (label, counts) in enumerate(rows):
        total = sum(counts)
        x = float(LABEL_WIDTH)
        segments = []
        for number, (name, value) in enumerate(zip(series, counts, strict=True)):
            width = plot * value / total if total else 0.0
            segments.append(Segment(x, width, PALETTE[number % len(PALETTE)], f"{label}: {name} {value:,} of {total:,}"))
            x += width
        bars.append(Bar(label, index * (BAR_HEIGHT + GAP), segments))
    legend = [(name, PALETTE[number % len(PALETTE)]) for number, name in enumerate(series)]
    return StackedBars(title, legend, bars, height=len(rows) * (BAR_HEIGHT + GAP))


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    y: float
    height: float
    title: str


@dataclass(frozen=True)
class Columns:
    """Vertical bars, one per period, on a scale from 0 to `top`, with an optional line (a target)."""

    title: str
    columns: list[Column]
    column_width: float
    top: float
    line_y: float | None
    line_label: str
    width: int = WIDTH
    height: int = 220
    axis_labels: list[tuple[float, str]] = field(default_factory=list)


def columns(title: str, rows: list[tuple[str, float]], *, unit: str = "", line: float | None = None,
            line_label: str = "") -> Columns:  # fmt: skip
    height, bottom = 220, 200
    top = max([value for _, value in rows] + [line or 0, 1e-9]) * 1.1
    step = WIDTH / max(len(rows), 1)
    width = step * 0.8

    def y_of(value: float) -> float:
        return bottom - bottom * value / top

    bars = [
        Column(label, index * step + step * 0.1, y_of(value), bottom - y_of(value), f"{label}: {value:,.1f}{unit}")
        for index, (label, value) in enumerate(rows)
    ]
    every = max(1, len(rows) // 6)
    axis = [(bar.x, bar.label) for index, bar in enumerate(bars) if index % every == 0]
    return Columns(title, bars, width, top, y_of(line) if line is not None else None, line_label, height=height + 20,
                   axis_labels=axis)  # fmt: skip


@dataclass(frozen=True)
class Interval:
    label: str
    y: float
    low_x: float
    high_x: float
    x: float
    named: bool
    title: str


@dataclass(frozen=True)
class Intervals:
    """A point and its interval per row, around a zero line: the consistency chart."""

    title: str
    rows: list[Interval]
    zero_x: float
    height: float
    ticks: list[tuple[float, str]]
    width: int = WIDTH
    label_width: int = 120


def intervals(title: str, rows: list[tuple[str, float, float, float, bool]]) -> Intervals:
    """`rows`: label, estimate, low, high, whether named."""
    label_width, step = 120, 18
    reach = max([abs(value) for _, _, low, high, _ in rows for value in (low, high)] + [0.5])
    plot = WIDTH - label_width - 20

    def x_of(value: float) -> float:
        return label_width + plot * (value + reach) / (2 * reach)

    drawn = [
        Interval(label, index * step + 9, x_of(low), x_of(high), x_of(value), named,
                 f"{label}: {value:+.2f} (95% interval {low:+.2f} to {high:+.2f})")
        for index, (label, value, low, high, named) in enumerate(rows)
    ]  # fmt: skip
    ticks = [(x_of(value), f"{value:+.1f}") for value in (-reach, -reach / 2, 0.0, reach / 2, reach)]
    return Intervals(title, drawn, x_of(0.0), len(rows) * step + 30, ticks)
